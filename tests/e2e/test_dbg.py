def test_a(site, live_server):
    from wagtail.models import Page

    print("A PAGES", Page.objects.count())


def test_b(live_server):
    from wagtail.models import Page

    print("B PAGES", Page.objects.count())


def test_c(site):
    from wagtail.models import Page

    print("C PAGES", Page.objects.count())
