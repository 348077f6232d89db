"""Which user-given addresses may become a clickable link."""

from __future__ import annotations

import pytest

from chatbot.links import is_web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.caf.fr",
        "http://caf.fr/contact?ville=paris&x=1#horaires",
        "HTTPS://WWW.CAF.FR/",
        "https://www.préfecture.gouv.fr/démarches",
        "http://127.0.0.1:8080/status",
        "http://[::1]/",
        "https://fr.wikipedia.org/wiki/Caisse_(organisme)",
    ],
)
def test_well_formed_web_addresses_are_links(url: str) -> None:
    assert is_web_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        'https://evil.example">clic</a>',
        "https://evil.example'onmouseover=alert(1)",
        "https://evil.example/<script>",
        "https://caf.fr/a page",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)//https://caf.fr",
        "data:text/html,<b>hi</b>",
        "ftp://caf.fr/",
        "https://",
        "https:///path",
        "https://caf.fr@evil.example/",
        "https://evil.example\\@caf.fr",
        "https://-caf.fr/",
        "https://caf..fr/",
        "https://caf_fr.example/",
        "https://caf.fr:port/",
        "http://[::zz]/",
        "https://caf.fr/\nX-Injected: 1",
    ],
)
def test_anything_else_is_not(url: str) -> None:
    assert not is_web_url(url)
