import wagtail_factories

from manabi.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "マナビDX"
    introduction = "デジタル人材の育成を支援する学びのポータルサイトです。"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "プライバシーポリシー"

    class Meta:
        model = StandardPage
