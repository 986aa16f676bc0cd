"""Demo content for the site shell: the home page, a privacy policy and site settings."""

from wagtail.models import Page, Site

from .blocks import HomeStreamBlock
from .models import HomePage, NavigationSettings, SiteSettings, StandardPage

PRIVACY_POLICY_BODY = [
    (
        "paragraph",
        "<p>マナビDX 運営事務局（以下「事務局」）は、本サイトでお預かりする個人情報を、"
        "以下のとおり取り扱います。</p>",
    ),
    ("heading", "利用目的と提供先"),
    # The recipients are listed from the operators on record, never typed by hand.
    ("data_recipients", None),
    ("heading", "保存期間"),
    ("retention_period", None),
    ("heading", "開示・訂正・削除の請求"),
    (
        "paragraph",
        "<p>ご自身の情報の開示・訂正・削除（利用停止）を希望される場合は、応募時のメールアドレスから"
        "事務局のお問い合わせ先（ページ下部）へご連絡ください。ご本人であることを確認のうえ、"
        "原則として受付から2週間以内に対応し、結果をメールでお知らせします。削除した情報は"
        "運営事業者の管理画面からも見えなくなります。</p>",
    ),
    ("heading", "外部サービスの利用について"),
    (
        "paragraph",
        "<p>本サイトは外部のフォント配信・アクセス解析・広告配信サービスを利用していません。</p>",
    ),
]

HOME_BODY = [
    (name, None)
    for name in (
        "course_search",
        "level_entries",
        "role_entries",
        "feature_entries",
        "newest_courses",
        "quest_entry",
    )
]

HEADER_LINKS = [
    ("講座を探す", "/courses/"),
    ("マナビDX Quest", "/quest/"),
    ("Questに応募する", "/quest/apply/"),
    ("企業の方へ", "/quest/companies/"),
]
# The footer links the open data itself (templates/includes/footer.html).
FOOTER_LINKS = [("サイトマップ（XML）", "/sitemap.xml")]


def load(command):
    """Create or update the home page, privacy policy and site settings; safe to repeat."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial "Welcome" page holds the slug we want.
        for page in root.get_children().exact_type(Page):
            page.delete()
        home = HomePage(
            title="マナビDX",
            slug="home",
            introduction="デジタル人材の育成を支援する学びのポータルサイトです。",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        command.log("created the home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, hostname="localhost", port=80)
    site.root_page = home
    site.site_name = "マナビDX"
    site.save()

    if not home.body:
        stream = HomeStreamBlock()
        home.body = [(name, stream.child_blocks[name].get_default()) for name, _ in HOME_BODY]
        home.save_revision().publish()
        command.log("added the home page sections")

    policy = StandardPage.objects.child_of(home).filter(slug="privacy-policy").first()
    if policy is not None and "data_recipients" not in [b.block_type for b in policy.body]:
        # The first demo policy said applicants' data went to no third party: untrue.
        policy.body = PRIVACY_POLICY_BODY
        policy.save_revision().publish()
        command.log("replaced the privacy policy with the truthful one")
    if policy is None:
        policy = StandardPage(
            title="プライバシーポリシー", slug="privacy-policy", body=PRIVACY_POLICY_BODY
        )
        home.add_child(instance=policy)
        policy.save_revision().publish()
        command.log("created the privacy policy page")

    settings = SiteSettings.for_site(site)
    settings.privacy_policy_page = policy
    settings.contact_email = settings.contact_email or "info@manabi-dx.example.jp"
    settings.contact_hours = settings.contact_hours or "平日 10:00〜17:00"
    settings.save()

    navigation = NavigationSettings.for_site(site)
    if not navigation.header_links and not navigation.footer_links:
        navigation.header_links = [
            ("link", {"text": text, "page": None, "path": path}) for text, path in HEADER_LINKS
        ]
        navigation.footer_links = [
            ("link", {"text": text, "page": None, "path": path}) for text, path in FOOTER_LINKS
        ]
        navigation.save()
        command.log("set the header navigation and footer links")
