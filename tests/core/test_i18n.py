"""The Simplified Chinese catalogue is complete, compiled, up to date with the code, and actually used by the pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "zeroharm"
MESSAGES = Path("locale") / "zh_Hans" / "LC_MESSAGES"
PO = PACKAGE / MESSAGES / "django.po"
MO = PACKAGE / MESSAGES / "django.mo"

# %(name)s, %s / %d (and %% as a literal), {{ name }} and HTML tags must survive translation unchanged.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifrx]|%[sdifrx%]|\{\{\s*[\w.|:\"' ]+?\s*\}\}|</?[A-Za-z][^<>]*>")


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def entry_key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_header_declares_simplified_chinese():
    po = catalogue()
    assert po.metadata.get("Language") == "zh_Hans"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy"


def test_every_entry_is_translated_and_not_fuzzy_or_obsolete():
    po = catalogue()
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    obsolete = [e.msgid for e in po.obsolete_entries()]
    problems = (
        [f"untranslated: {m!r}" for m in untranslated]
        + [f"fuzzy: {m!r}" for m in fuzzy]
        + [f"obsolete: {m!r}" for m in obsolete]
    )
    assert not problems, f"{PO} needs work:\n" + "\n".join(problems)


def test_translations_keep_their_placeholders():
    bad = []
    for entry in catalogue():
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if text and placeholders(source) != placeholders(text):
                bad.append(
                    f"{entry.msgid!r}: {sorted(placeholders(source).elements())} "
                    f"→ {text!r}: {sorted(placeholders(text).elements())}"
                )
    assert not bad, "placeholders differ between msgid and msgstr:\n" + "\n".join(bad)


def test_compiled_catalogue_matches_the_po_file():
    """The .mo is committed (users need no gettext tools), so it must be recompiled whenever the .po changes."""
    assert MO.exists(), f"{MO} is missing: run `zeroharm compilemessages -l zh_Hans`"
    expected = {}
    for entry in catalogue().translated_entries():
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        expected[entry_key(entry)] = (
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else entry.msgstr
        )
    compiled = {}
    for entry in polib.mofile(str(MO)):
        compiled[entry_key(entry)] = (
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else entry.msgstr
        )
    stale = sorted(
        {key[1] for key in expected.keys() ^ compiled.keys()}
        | {key[1] for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]}
    )
    assert not stale, (
        "django.mo is out of date with django.po (run `zeroharm compilemessages -l zh_Hans`); "
        "differing msgids:\n" + "\n".join(repr(m) for m in stale)
    )


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (xgettext, msgmerge) is not installed, so makemessages cannot run",
)
def test_makemessages_finds_no_new_strings(tmp_path):
    """Run makemessages over a copy of the package, so the real catalogue is never rewritten by a test.

    makemessages writes each file's strings into the nearest `locale` directory above it; in the copy that is the
    copy's own `locale`, which holds a copy of the committed .po.
    """
    copy = tmp_path / "zeroharm"

    def ignore(directory, names):
        keep = {n for n in names if Path(directory, n).is_dir() and n not in {"__pycache__", "node_modules"}}
        keep |= {n for n in names if n.endswith((".py", ".html", ".txt", ".po"))}
        return set(names) - keep

    shutil.copytree(PACKAGE, copy, ignore=ignore)
    copied_po = copy / MESSAGES / "django.po"
    before = polib.pofile(str(copied_po))
    sentinel = "zeroharm test sentinel: no code has this string"
    with copied_po.open("a", encoding="utf-8") as f:  # makemessages drops it, proving it rewrote this copy
        f.write(f'\nmsgid "{sentinel}"\nmsgstr "x"\n')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zeroharm.settings",
        "ZEROHARM_DEBUG": "1",
        "ZEROHARM_SECRET_KEY": "test-only-not-secret",
        "ZEROHARM_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    after = polib.pofile(str(copied_po))
    assert after.find(sentinel) is None, "makemessages did not rewrite the copied catalogue; did it write elsewhere?"

    new = sorted({e.msgid for e in after if not e.obsolete} - {e.msgid for e in before if not e.obsolete})
    assert not new, (
        "the code has strings the catalogue lacks: run `zeroharm makemessages -l zh_Hans "
        "--no-obsolete --no-location` in src/zeroharm and translate:\n" + "\n".join(map(repr, new))
    )
    gone = sorted({e.msgid for e in before if not e.obsolete} - {e.msgid for e in after if not e.obsolete})
    assert not gone, "the catalogue has strings the code no longer uses (rerun makemessages):\n" + "\n".join(
        map(repr, gone)
    )


@pytest.mark.django_db
def test_a_chinese_user_sees_chinese_pages(world, client_for):
    leader = world.users["leader_a"]
    leader.language = "zh-hans"
    leader.save()
    with translation.override("zh-hans"):
        my_scope = translation.gettext("My scope")
    assert my_scope != "My scope" and re.search(r"[\u4e00-\u9fff]", my_scope)

    with translation.override(None):  # the middleware activates zh-hans for this thread; don't leak it to later tests
        response = client_for("leader_a").get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert my_scope in html and "My scope" not in html
