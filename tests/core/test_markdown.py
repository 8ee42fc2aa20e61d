"""Staff-written Markdown: sanitised, and its headings fitted under the page's own."""

from concerto.core.templatetags.concerto import markdown


def test_headings_start_at_the_level_the_page_leaves_free():
    assert markdown("# Titre\n\n## Sous-titre", 2) == "<h2>Titre</h2>\n<h3>Sous-titre</h3>"
    assert markdown("### Questions\n\n#### Détail") == "<h3>Questions</h3>\n<h4>Détail</h4>"
    assert markdown("# Un\n\n###### Six", 3).endswith("<h6>Six</h6>")  # capped, not h8


def test_scripts_and_unknown_attributes_are_removed():
    html = markdown(
        '<script>alert(1)</script>[lien](https://example.org "t")\n\n<p onclick="x">p</p>'
    )
    assert "<script" not in html and "onclick" not in html
    assert '<a href="https://example.org" title="t"' in html
