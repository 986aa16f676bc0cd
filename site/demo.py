"""Demo content for the site shell: the home page, a privacy policy and site settings."""

from wagtail.models import Page, Site

from .models import HomePage, SiteSettings, StandardPage

PRIVACY_POLICY_BODY = [
    (
        "paragraph",
        "<p>マナビDX 運営事務局は、お預かりした個人情報を本サイトの運営と各プログラムの実施にのみ利用し、"
        "法令に基づく場合を除き第三者に提供しません。</p>",
    ),
    ("heading", "外部サービスの利用について"),
    (
        "paragraph",
        "<p>本サイトは外部のフォント配信・アクセス解析・広告配信サービスを利用していません。</p>",
    ),
]


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

    policy = StandardPage.objects.child_of(home).filter(slug="privacy-policy").first()
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
