from django.apps import AppConfig


class DemoProviderConfig(AppConfig):
    name = "manabi.gbizid.demo_provider"
    label = "gbizid_demo_provider"
    verbose_name = "gBizID demo provider"
