"""Every environment variable the code reads is in README's configuration table, and the table names no other.

The deployment guide and the example environment file may only name real settings (a typo there would be a
setting silently ignored on a server).
"""

from __future__ import annotations

from tests.deploy.settings_source import NAME, READERS, ROOT, _first_string, _reads, settings_read  # noqa: F401


def readme_table() -> set[str]:
    section = ROOT.joinpath("README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in NAME.findall(row.split(" | ")[0])}


def test_the_scan_finds_settings():
    found = settings_read()
    assert {"DATABASE_URL", "ZEROHARM_SECRET_KEY", "ZEROHARM_WEBHOOK_FORMAT", "ZEROHARM_S3_BUCKET"} <= found


def test_every_setting_is_in_the_readme_table():
    missing = settings_read() - readme_table()
    assert not missing, f"read by the code but not in README's configuration table: {sorted(missing)}"


def test_the_readme_table_names_only_real_settings():
    stale = readme_table() - settings_read()
    assert not stale, f"in README's configuration table but read nowhere: {sorted(stale)}"


def test_the_deployment_guide_and_env_example_name_only_real_settings():
    known = settings_read()
    for path in (ROOT / "docs" / "deployment.md", ROOT / "deploy" / "zeroharm.env.example"):
        unknown = set(NAME.findall(path.read_text())) - known
        assert not unknown, f"{path.name} names settings that do not exist: {sorted(unknown)}"


def test_the_deployment_guide_covers_the_new_settings():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    for name in (
        "ZEROHARM_MEDIA_STORAGE",
        "ZEROHARM_S3_ENDPOINT_URL",
        "ZEROHARM_CACHE_URL",
        "ZEROHARM_WEBHOOK_FORMAT",
        "ZEROHARM_WEBHOOK_SECRET",
        "ZEROHARM_CLIENT_IP_HEADER",
        "ZEROHARM_TRUSTED_PROXIES",
    ):
        assert name in guide, name
