"""Every page template writes French spaces: non-breaking before « : ; ? ! » and inside « ».

A template is read as source, outside its comments: an ordinary space there can put « ? » or « : » at
the start of a line. E-mail templates are plain text and mail clients wrap them their own way.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
COMMENT = re.compile(r"\{% comment %\}.*?\{% endcomment %\}|\{#.*?#\}", re.S)
ORDINARY_SPACE = re.compile(r"(?<=\S) [:;?!](?=[\s<\"]|$)|« | »", re.M)


def test_page_templates_use_non_breaking_spaces_around_punctuation():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "emails" in path.parts:
            continue
        source = COMMENT.sub(lambda m: re.sub(r"[^\n]", "", m.group(0)), path.read_text())
        for number, line in enumerate(source.splitlines(), start=1):
            if ORDINARY_SPACE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:100]}")
    assert not offenders, "Write &nbsp; before « : » and inside « », &#8239; before « ; ? ! »:\n" + "\n".join(
        offenders
    )
