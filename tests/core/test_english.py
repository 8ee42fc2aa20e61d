"""The English interface: pages under /en/ speak English, and the catalogue is complete."""

import ast
import gettext
import re
from pathlib import Path

import pytest

import concerto
from concerto.consultations.models import Theme, ThemeStatus

CATALOGUE = Path(concerto.__file__).parent / "locale" / "en" / "LC_MESSAGES"

# Interface strings every public page shows (header skip links and footer).
CHROME = ["Skip links", "Main menu", "Sitemap", "Legal notice", "Personal data", "Accessibility: "]
PAGES = {
    "/en/": ["Home"],
    "/en/accessibilite/": ["Accessibility statement", "Compliance status", "Means of redress"],
    "/en/mentions-legales/": ["Site publisher", "Intellectual property and reuse"],
    "/en/donnees-personnelles/": ["Purposes and legal basis", "Your rights", "Retention period"],
    "/en/plan-du-site/": ["Sitemap"],
}
FRENCH_WORDS = re.compile(r"\b(le|la|les|des|du|une|et|vos|votre|vous|pour|avec|sur|est)\b", re.I)
# Proper names that stay in French in the English text.
PROPER_NAMES = [
    "Défenseur des droits",
    "Licence Ouverte",
    "Libre réponse",
    "Ministère de la Culture",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}")


def read_po(path: Path) -> list[dict]:
    """The entries of a PO file: msgid, msgid_plural, msgstr (index -> text), flags."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and (entry["msgid"] or entry["msgstr"]):
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry or {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": ""}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif match := re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d)\])?) (\".*\")$", line):
            keyword, index, text = match.groups()
            field = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, None)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] = ast.literal_eval(text)
            else:
                entry[keyword] = ast.literal_eval(text)
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += ast.literal_eval(line)
            elif field[0] != "msgctxt":
                entry[field[0]] += ast.literal_eval(line)
    return [e for e in entries if e["msgid"]]  # without the header


ENTRIES = read_po(CATALOGUE / "django.po")


@pytest.fixture
def open_theme(demo_clock) -> Theme:
    return next(theme for theme in Theme.objects.all() if theme.status == ThemeStatus.OPEN)


@pytest.mark.parametrize("url", PAGES)
def test_english_pages_are_in_english(client, demo_clock, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for text in [*CHROME, *PAGES[url]]:
        assert text in html, text
    for french in ["Accès rapide", "Mentions légales", "Plan du site", "Données personnelles"]:
        assert french not in html, french


def test_english_theme_page(client, open_theme):
    response = client.get(f"/en{open_theme.get_absolute_url()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert re.search(r'<p class="fr-badge[^"]*fr-badge--success">Open</p>', html)
    for text in [*CHROME, "Have your say", "All themes"]:
        assert text in html, text


def test_the_french_pages_stay_french(client, open_theme):
    html = client.get(open_theme.get_absolute_url()).content.decode()
    assert '<html lang="fr"' in html
    assert "Donnez votre avis" in html and "Accès rapide" in html


def test_catalogue_is_complete():
    assert len(ENTRIES) > 400
    for entry in ENTRIES:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        expected = 1 if entry["msgid_plural"] is None else 2
        assert len(entry["msgstr"]) == expected, entry["msgid"]
        assert all(text.strip() for text in entry["msgstr"].values()), entry["msgid"]


def test_translations_keep_placeholders_and_tags():
    for entry in ENTRIES:
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index and entry["msgid_plural"] else entry["msgid"]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), text
            assert re.findall(r"<[^>]+>", text) == re.findall(r"<[^>]+>", source), text


def test_translations_have_no_french_left():
    for entry in ENTRIES:
        for text in entry["msgstr"].values():
            if text == entry["msgid"] and not FRENCH_WORDS.search(text):
                continue  # the same in both languages: "Documents", "Menu", "English"…
            for name in PROPER_NAMES:
                text = text.replace(name, "")
            assert not FRENCH_WORDS.search(text), text
            assert not re.search(r"[«»]| [:;?!]", text), text  # French typography


def test_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in ENTRIES:
        if entry["msgid_plural"] is None:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            one, many = entry["msgid"], entry["msgid_plural"]
            assert compiled.ngettext(one, many, 1) == entry["msgstr"][0], one
            assert compiled.ngettext(one, many, 5) == entry["msgstr"][1], one
