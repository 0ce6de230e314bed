"""Saved news pages for the tests, made here to imitate real layouts: a cookie banner, navigation,
advertisements, related links, newsletter boxes, comments and footers around one story.

Each page function returns ``(html, story)``: the page and the story paragraphs it carries. The
boilerplate strings every page may contain are in :data:`BOILERPLATE`; none of them may reach an
article's text.
"""
from __future__ import annotations

import json

STORY = [
    "German Chancellor Olaf Scholz said on Thursday that he would not send Taurus cruise missiles to "
    "Ukraine, despite pressure from allies and from within his own coalition.",
    "“That is a line I will not cross,” Scholz told reporters in Berlin, adding that German soldiers "
    "would have to help programme the targets.",
    "The missile entered service with the Luftwaffe on 28 May 2005, after a programme that began in the "
    "1990s, and has a range of more than 500 kilometres.",
    "Opposition leader Friedrich Merz accused the chancellor of weakening Europe’s support for Kyiv at a "
    "decisive moment of the war, and his party tabled a motion calling for the delivery.",
    "The Bundestag is expected to vote on the motion next week, when the Greens and the Free Democrats "
    "will have to decide whether to side with the opposition.",
]

BOILERPLATE = [
    "We use cookies", "Accept all cookies", "Manage preferences",
    "Home", "World", "Business", "Sport", "Subscribe now",
    "Advertisement", "Buy the best running shoes",
    "Related stories", "UK sends more Storm Shadow missiles", "France weighs SCALP deliveries",
    "Most read", "Ten recipes for a rainy day",
    "Sign up to our morning newsletter", "Enter your email",
    "All rights reserved", "Privacy policy", "Terms of use",
    "Comments", "This is outrageous, wrote reader", "Share on Facebook",
    "Read more:",
]

_BANNER = ('<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience and to '
           'show you personalised advertising. <button>Accept all cookies</button> <a href="/cookies">Manage '
           'preferences</a></p></div>')
_NAV = ('<header class="site-header"><a class="logo" href="/">The Daily Planet</a><nav><ul><li><a href="/">Home'
        '</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">'
        'Sport</a></li></ul></nav><a class="cta" href="/subscribe">Subscribe now</a></header>')
_AD = ('<div class="ad-slot" data-ad="mpu"><span>Advertisement</span><p>Buy the best running shoes at half '
       'price this weekend only, while stocks last.</p></div>')
_RELATED = ('<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">UK sends more Storm Shadow '
            'missiles</a></li><li><a href="/b">France weighs SCALP deliveries</a></li></ul></aside>')
_MOST_READ = ('<section class="most-read"><h2>Most read</h2><ol><li><a href="/r">Ten recipes for a rainy day'
              '</a></li></ol></section>')
_NEWSLETTER = ('<div class="newsletter-signup"><h3>Sign up to our morning newsletter</h3><form><input '
               'placeholder="Enter your email"><button>Sign up</button></form></div>')
_SHARE = '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>'
_COMMENTS = ('<section id="comments" class="comments"><h2>Comments</h2><div class="comment"><p>This is '
             'outrageous, wrote reader John from Leeds, and I will cancel my subscription.</p></div></section>')
_FOOTER = ('<footer><p>© 2024 The Daily Planet. All rights reserved.</p><a href="/privacy">Privacy policy</a> '
           '<a href="/terms">Terms of use</a></footer>')


def broadsheet_page(*, title: str = "Germany holds back Taurus missiles", site: str = "The Daily Planet",
                    published: str = "2024-03-01T09:30:00+00:00",
                    url: str = "https://www.dailyplanet.example/world/2024/mar/01/germany-taurus") -> tuple[str, list[str]]:
    """A newspaper article page: Open Graph and ``article:`` meta tags, a canonical link, a cookie
    banner, navigation, an advertisement and a related-links box inside the story, most-read and
    newsletter boxes, share buttons, comments and a footer."""
    paras = [f"<p>{p}</p>" for p in STORY]
    body = (paras[0] + paras[1] + _AD + paras[2] + '<p class="read-more"><strong>Read more:</strong> <a href="/c">'
            'Why Germany hesitates</a></p>' + _RELATED + paras[3] + paras[4])
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | World news | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<script>window.dataLayer = [{{"ads": "Buy the best running shoes"}}];</script>
<style>.cookie-banner {{ position: fixed; }}</style>
</head><body>
{_BANNER}{_NAV}
<main><article class="story">
<h1>{title}</h1>
<p class="byline">By Jane Doe in Berlin</p>
<time datetime="{published}">1 March 2024</time>
{_SHARE}
<div class="article-body">{body}</div>
</article>
{_MOST_READ}{_NEWSLETTER}{_COMMENTS}</main>
{_FOOTER}
</body></html>"""
    return page, STORY


def jsonld_page(*, headline: str = "Scholz rules out Taurus deliveries to Ukraine",
                publisher: str = "Example Times", published: str = "2024-02-29T18:05:00Z") -> tuple[str, list[str]]:
    """A page whose metadata is only JSON-LD (schema.org ``NewsArticle``): no ``<article>`` element,
    the story in a ``div``, a most-read sidebar, comments and a footer."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
          "datePublished": published, "dateModified": "2024-03-02T08:00:00Z",
          "author": {"@type": "Person", "name": "Max Muster"},
          "publisher": {"@type": "Organization", "name": publisher}}
    paras = "".join(f"<p>{p}</p>" for p in STORY)
    page = f"""<html><head><title>{headline}</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body>{_BANNER}{_NAV}
<div class="layout"><div class="col-main"><h1 class="headline">{headline}</h1>
<div class="story-text">{paras}</div>{_SHARE}</div>
<div class="col-side">{_AD}{_MOST_READ}</div></div>
{_NEWSLETTER}{_COMMENTS}{_FOOTER}</body></html>"""
    return page, STORY


def bare_page(*, title: str = "Taurus: the debate goes on") -> tuple[str, list[str]]:
    """A page with no metadata at all (no meta tags, no ``<time>``, no address): only a title, the
    navigation and the story, whose text mentions a date (28 May 2005) that is not its own."""
    paras = "".join(f"<p>{p}</p>" for p in STORY)
    page = f"""<html><head><title>{title}</title></head><body>{_NAV}
<div id="content"><h1>{title}</h1>{paras}</div>{_FOOTER}</body></html>"""
    return page, STORY
