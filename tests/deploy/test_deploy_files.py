"""The example files of docs/deployment.md (deploy/) parse, and say what the guide says they do.

systemd units are read with configparser (their format is INI-like); nginx's file is checked by `nginx -t` and
the Caddyfile by `caddy adapt` where those are installed (Debian: nginx-light, caddy), and structurally always.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.settings_source import NAME, settings_read

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ZEROHARM = "/srv/zeroharm/.venv/bin/zeroharm"
ENV_FILE = "/etc/zeroharm/zeroharm.env"
SERVICES = {"zeroharm.service": "serve", "zeroharm-worker.service": "worker", "zeroharm-scan.service": "scan"}
TIMERS = {"zeroharm-scan.timer": "*:0/15", "zeroharm-backup.timer": "*-*-* 02:30:00"}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)  # a repeated key would be a mistake here
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(), source=name)
    return parser


@pytest.mark.parametrize(("name", "command"), SERVICES.items())
def test_services_run_the_zeroharm_command(name, command):
    service = unit(name)
    assert {"Unit", "Service"} <= set(service.sections())
    assert service["Unit"]["Description"]
    body = service["Service"]
    executable, subcommand, *_ = shlex.split(body["ExecStart"])
    assert (executable, subcommand) == (ZEROHARM, command)
    assert body["EnvironmentFile"] == ENV_FILE and body["User"] == "zeroharm" and body["WorkingDirectory"]
    if command == "scan":
        assert body["Type"] == "oneshot" and "Install" not in service  # started by its timer only
    else:
        assert body["Restart"] == "always" and service["Install"]["WantedBy"] == "multi-user.target"


def test_the_app_server_binds_what_the_proxies_reach():
    exec_start = unit("zeroharm.service")["Service"]["ExecStart"]
    bind = shlex.split(exec_start)[shlex.split(exec_start).index("--bind") + 1]
    assert bind == "127.0.0.1:8000"
    assert "server 127.0.0.1:8000;" in (DEPLOY / "nginx.conf").read_text()
    assert "reverse_proxy 127.0.0.1:8000" in (DEPLOY / "Caddyfile").read_text()


@pytest.mark.parametrize(("name", "calendar"), TIMERS.items())
def test_timers_start_their_service(name, calendar):
    timer = unit(name)
    assert timer["Timer"]["OnCalendar"] == calendar and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert (DEPLOY / name.replace(".timer", ".service")).exists()  # a timer starts the service of its name


def test_the_backup_service_runs_the_backup_script():
    service = unit("zeroharm-backup.service")["Service"]
    assert service["ExecStart"] == "/srv/zeroharm/deploy/zeroharm-backup.sh" and service["Type"] == "oneshot"
    assert service["EnvironmentFile"] == ENV_FILE
    script = DEPLOY / "zeroharm-backup.sh"
    assert script.stat().st_mode & 0o111, "the backup script must be executable"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


def test_the_env_example_is_systemd_syntax_with_documented_settings_and_no_secrets():
    lines = [
        line
        for line in (DEPLOY / "zeroharm.env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    pairs = dict(line.split("=", 1) for line in lines)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", name) for name in pairs), "NAME=value, one a line"
    assert all(" " not in value for value in pairs.values()), "no spaces: systemd would need quotes"
    assert set(pairs) <= settings_read(), f"not settings: {sorted(set(pairs) - settings_read())}"
    for name in ("ZEROHARM_SECRET_KEY", "ZEROHARM_EMAIL_PASSWORD"):
        assert pairs[name].startswith("CHANGE-"), f"{name} must be a placeholder, never a real secret"
    assert "CHANGE-" in pairs["DATABASE_URL"]
    assert pairs["ZEROHARM_BEHIND_PROXY"] == "true" and pairs["ZEROHARM_CLIENT_IP_HEADER"] == "X-Forwarded-For"
    commented = set(NAME.findall((DEPLOY / "zeroharm.env.example").read_text()))
    assert commented <= settings_read(), f"not settings: {sorted(commented - settings_read())}"


def _blocks_balance(text: str) -> bool:
    depth = 0
    for char in re.sub(r"#.*", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_nginx_conf_structure():
    text = (DEPLOY / "nginx.conf").read_text()
    assert _blocks_balance(text)
    assert re.search(r"upstream zeroharm \{", text) and "proxy_pass http://zeroharm;" in text
    assert "listen 443 ssl" in text and "ssl_certificate " in text and "ssl_certificate_key " in text
    assert "return 301 https://$host$request_uri;" in text
    # What ZeroHarm reads behind it: the scheme (ZEROHARM_BEHIND_PROXY) and the client (ZEROHARM_CLIENT_IP_HEADER).
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "proxy_set_header Host $host;" in text


@pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed (apt-get install nginx-light): structural check only",
)
def test_nginx_accepts_the_conf(tmp_path):
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=safety.example.com",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/safety.example.com/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/safety.example.com/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "site.conf").write_text(site)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {tmp_path};" for kind in kinds)
    # The site file goes where Debian's nginx.conf includes it: inside `http { }`.
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-q", "-p", f"{tmp_path}/", "-e", f"{tmp_path}/error.log", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_caddyfile_structure():
    text = (DEPLOY / "Caddyfile").read_text()
    assert _blocks_balance(text)
    assert re.search(r"^safety\.example\.com \{", text, re.MULTILINE)  # a site address: Caddy's automatic TLS
    assert "reverse_proxy 127.0.0.1:8000" in text and "max_size" in text


@pytest.mark.skipif(
    shutil.which("caddy") is None, reason="caddy is not installed (apt-get install caddy): structural check only"
)
def test_caddy_adapts_the_caddyfile():
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    server = json.loads(result.stdout)["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]  # HTTPS, with the certificate Caddy obtains
    route = server["routes"][0]
    assert route["match"] == [{"host": ["safety.example.com"]}]
    handlers = {h["handler"]: h for h in route["handle"][0]["routes"][0]["handle"]}
    assert handlers["reverse_proxy"]["upstreams"] == [{"dial": "127.0.0.1:8000"}]
    assert handlers["request_body"]["max_size"] == 130_000_000
