from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo group and its `demo` command; no models."""

    name = "zeroharm.demo"
    label = "demo"
    verbose_name = "Demo"
