"""Data only: the phrases and patterns of page furniture, grouped by the reason reported.

Each entry maps a reason (shown by `explain` and in the Provenance block) to patterns matched
against a whole line with its bullet and surrounding whitespace removed, case-insensitively.
Patterns are general web furniture, never phrases of one particular page.
"""

from __future__ import annotations

import re

# Words that, alone on a line, are navigation: menus, section links, share and follow buttons.
NAV_WORDS = {
    "home", "homepage", "news", "menu", "main menu", "search", "blog", "blogs", "rss", "rss feeds", "sections",
    "sign in", "sign up", "log in", "login", "log out", "logout", "register", "subscribe", "subscribe now",
    "my account", "account", "close", "open", "toggle navigation", "skip to content", "skip to main content",
    "skip navigation", "skip to navigation", "skip to footer", "accessibility links", "accessibility help",
    "more", "all", "video", "videos", "photos", "podcasts", "podcast", "topics", "share", "share this",
    "share this!", "share this story", "share this article", "email", "e-mail", "print", "comments",
    "comment", "twitter", "facebook", "instagram", "youtube", "linkedin", "pinterest", "whatsapp",
    "messenger", "reddit", "pocket", "flipboard", "tumblr", "snapchat", "copied!", "copy link",
    "copy this link", "read later", "next", "previous", "previous next", "back to top", "top", "contact",
    "contact us", "about", "about us", "careers", "help", "faq", "privacy", "privacy policy", "terms",
    "terms of use", "terms of service", "terms & conditions", "cookie policy", "cookies", "sitemap",
    "site map", "advertise", "advertise with us", "newsletter", "newsletters", "weather", "sport", "sports",
    "opinion", "business", "world", "politics", "tech", "technology", "science", "health", "entertainment",
    "lifestyle", "travel", "culture", "live", "watch live", "trending", "trending:", "latest", "latest news",
    "breaking news", "featured", "popular", "most popular", "editions", "edition", "feedback", "loading...",
    "loading ...", "loading", "shares", "report", "reply", "responder", "permalink", "view all", "archives",
    "archive", "directory", "view pdf/print mode", "print options:", "cancel print", "connect", "follow us",
    "follow", "submit", "ok", "cancel", "x", "notice", "tags", "related", "related tags",
}

# Lines made only of these words (and separators) are share/follow bars:
# "Facebook Twitter Share", "Facebook Instagram Twitter YouTube", "Follow Us FacebookTwitterYouTube".
SHARE_WORDS = (
    "facebook", "twitter", "instagram", "youtube", "linkedin", "pinterest", "whatsapp", "messenger", "reddit",
    "email", "e-mail", "share", "print", "tumblr", "telegram", "flipboard", "pocket", "snapchat", "google plus",
    "google+", "tiktok", "rss", "follow us", "follow", "on", "with", "via", "this", "x",
)
SHARE_BAR = re.compile(r"^(?:(?:" + "|".join(re.escape(w) for w in SHARE_WORDS) + r")[\s|/,:·•-]*){2,}$", re.I)
SHARE_PHRASE = re.compile(
    r"^(?:share (?:this )?(?:on|with|via|to|story|article|page)\b.*|share all sharing options.*"
    r"|follow (?:us|@\w+).*|share it with friends.*|print this article.*|email this.*"
    r"|\d+\s*shares?|share this:?)$",
    re.I,
)

# reason -> (longest line in words the patterns may remove, patterns matched with re.fullmatch on the line
# without its bullet). The word limit keeps loose patterns away from real sentences.
PATTERNS: dict[str, tuple[int, tuple[str, ...]]] = {
    "link boilerplate": (14, (
        r"read (?:the )?(?:full|whole|original|complete) (?:article|story|post)(?: here| at .*)?[.!:]?",
        r"read more(?: here| about .*| on .*)?[.:!]?(?: ?[»›>].*)?",
        r"(?:read more|see also|also read|read also|more reading|further reading|watch|listen|recommended)\s*:\s.*",
        r"continue reading.*",
        r"click here.*",
        r".*by clicking here",
        r"(?:see|view) (?:more|all)(?: .*)?",
        r"full article .*",
        r"this slideshow requires javascript\.?",
        r"\[button .*\].*",
    )),
    "feed boilerplate": (60, (
        r"the post .+ (?:first )?appeared (?:first )?on .+",
        r"this (?:article|story|post) (?:was )?(?:originally|first) (?:published|appeared) (?:on|at|in) .{0,60}",
    )),
    "archive label": (4, (r"from the archives?:?",)),
    "image label": (8, (
        r"(?:jpe?g|png|gif|webp|svg|tiff?) ?[-–—] ?[\d.,]+ ?[km]i?b",
        r"image(?:/svg\+xml)?",
        r"image \d+ of \d+",
        r"\d+ of \d+ (?:images?|photos?)",
        r"created with sketch\.?.*",
        r"(?:photo|image|video) gallery",
        r"(?:video)?\d+:\d+\d*:\d+",
        r"\d{1,2}:\d{2}",
    )),
    "copyright": (45, (
        r"(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}|copyright).{0,200}",
        r"copyright\s*(?:©|\(c\)).{0,200}",
        r"copyright\s+(?:\d{4}|by\b|the\b).{0,200}",
        r".{0,120}all rights reserved\.?.{0,120}",
        r"this (?:document|material|article) (?:is subject to copyright|may not be (?:re)?published).*",
    )),
    "cookie notice": (40, (
        r".{0,100}\b(?:uses|use) cookies\b.*",
        r".{0,60}\bcookie (?:policy|preferences|settings|consent)\b.*",
        r".{0,60}privacy (?:policy|notice|statement|options|rights).{0,60}",
        r"your privacy(?: is important to us.*)?",
        r"we (?:have )?updated our privacy policy.*",
    )),
    "advertisement": (25, (
        r"advert(?:isement)?s?",
        r"sponsored(?: (?:by|links?|content).*)?",
        r"ad ?choices",
        r"ad (?:microsoft|feedback)",
        r"advertisement\s*[-–—].*",
        r".{0,80}may earn an? (?:affiliate )?commission.*",
        r"market update sponsored by",
    )),
    "newsletter": (25, (
        r"(?:sign up|subscribe|register)(?: now| today)?(?: (?:for|to) .{0,80})?[.!]?",
        r".{0,60}\bnewsletters?\b.{0,80}",
        r"get (?:the|our|breaking) .{0,60}(?:delivered|in your inbox|inbox).*",
        r"(?:enter|your) e-?mail(?: address)?:?",
        r"you have (?:been )?success?fully subscribed.*",
        r"no spam.{0,120}",
    )),
    "related list label": (10, (
        r"related(?: articles?| stories| posts| content| coverage| links| topics| tags| video)?:?",
        r"(?:you (?:may|might) (?:also )?like|recommended(?: for you)?|more stories|top stories|most read.*"
        r"|most viewed|most popular|most commented.*|trending(?: now| news)?|latest (?:headlines|stories|videos)"
        r"|more (?:on|in|from) (?:this story|.{1,40})|more in .{1,40}|next up in .{1,40}|elsewhere on .{1,40}"
        r"|don'?t miss|see more:.*|also read:?.*|read also:?.*|related:.*|explore further|next article"
        r"|previous article.*|next article.*|top (?:news|headlines)|what to read next|most recent"
        r"|recent (?:posts|articles|content)|popular (?:posts|articles|categories|stories)|features"
        r"|related articles|artigos (?:relacionados|populares)|popular now|editor'?s picks)[:.]?",
    )),
    "comments": (12, (
        r"\d+ (?:comments?|responses?|replies|coment[áa]rios?)(?: to .*)?",
        r"(?:leave|post|add) (?:a |your )?(?:reply|comment|comments|response)s?.*",
        r"comments?(?: \(\d+\))?",
        r"show comments|view comments|comment on this article|deixe uma resposta",
        r"you must (?:be )?log(?:ged)? in.*",
        r"\d+\.\s+.{1,40} says:",
        r"(?:\S+\s+){0,2}\S+ says:",
        r"\d+ (?:ano|anos|year|years|day|days|hours?|minutes?) (?:atrás|ago)(?: link permanente)?",
    )),
    "navigation": (12, (
        r"(?:home|news|sport|world)(?: ?[>›»|/] ?[\w &'-]+){1,5}",
        r"skip to .{1,30}",
        r"(?:jump|go) to .{1,30}",
        r"search(?: (?:the )?\w+){0,3}(?:search(?: \w+){0,3})?",
        r"(?:change|choose|select) (?:language|edition|region).*",
        r"toggle .{1,30}",
        r"(?:scroll )?back to top",
        r"(?:first|previous|next|last) (?:page|post|story)",
        r"\d+\s*/\s*\d+",
        r"page \d+(?: of \d+)?",
        r"[\d\s|•·]+",
    )),
    "byline furniture": (40, (
        r"(?:tempo de )?(?:leitura|reading time|read time)[: ].{0,30}",
        r"\d+ min(?:ute)?s? read",
        r"wordcount: ?\d+",
        r"(?:filed under|tags|topics|categories|subjects):.{0,300}",
        r"about (?:the )?author",
        r"(?:source|sources|researched by|edited by|researchers|names in this article):.{0,200}",
        r"(?:print|email|share) (?:this|story|article).{0,40}",
    )),
}

COMPILED_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (reason, max_words, re.compile("|".join(f"(?:{p})" for p in patterns), re.I))
    for reason, (max_words, patterns) in PATTERNS.items()
)
ANY_PATTERN = re.compile("|".join(f"(?:{p})" for _, patterns in PATTERNS.values() for p in patterns), re.IGNORECASE)
"""All the patterns in one: most lines match none, which one call tells (a match is then looked up by reason)."""
PATTERNS_MAX_WORDS = max(max_words for max_words, _ in PATTERNS.values())

# Lines that end an article: what follows them is page furniture, unless a new headline starts.
# ("Related articles" is not one: news sites put such boxes in the middle of the text.)
END_MARKERS = re.compile(
    r"(?:read (?:the )?(?:full|whole|original|complete) (?:article|story|post)(?: here| at .*)?[.!:]?"
    r"|the post .+ (?:first )?appeared (?:first )?on .+"
    r"|from the archives?:?"
    r"|\d+ (?:comments?|responses?|coment[áa]rios?)(?: to .*)?|(?:leave|post) a (?:reply|comment).*"
    r"|comments?|related topics:?|you (?:may|might) (?:also )?like"
    r"|recommended(?: for you)?|most read.*|most viewed|most popular|more on this story|explore further"
    r"|about (?:the )?author|top stories|trending news|more stories|next article"
    r"|(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}|copyright).{0,200}|copyright\s*(?:©|\(c\)|\d{4}|by\b).{0,200}"
    r"|.{0,120}all rights reserved\.?.{0,120})",
    re.I,
)

# Photo and video credits, alone on a line or closing a caption.
CREDIT_PATTERNS = re.compile(
    r"(?:\(?(?:photo|image|picture|video|pic|photograph|graphic|illustration|credit|source|courtesy)"
    r"(?: credit)?s?\s*(?:by|:|/|©)\s*[^)]{2,120}\)?"
    r"|\(?image copyright\b.{0,80}\)?|©\s*[^.]{2,80}"
    r"|.{0,80}\b(?:getty images|reuters|afp|associated press|ap photo|epa|shutterstock|alamy|istock"
    r"|pool photo|handout)\b.{0,40}"
    r"|courtesy of .{2,80}|.{2,60} for [\w .]{2,40}(?:magazine|times|post|news)"
    r"|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3} ?[/|] ?[A-Z][\w.'& -]{1,60})",
    re.I,
)

# A credit glued to the end of a caption: "... 2024. Photo: REUTERS/Thaier Al-Sudani". Searched from the
# caption's second character, the first match starts at the end of the shortest caption: the separator.
TRAILING_CREDIT = re.compile(
    r"(?:[.;,|–—]\s*|\s+(?=\())"
    r"(?P<credit>\(?(?i:photo|image|picture|video|credit)s?(?i: credit)?\s*(?::|(?i:by))\s*[^()]+\)?"
    r"|(?:REUTERS|AFP|AP|EPA|Getty Images)/\S.*"
    r"|\((?:AP|AFP|Reuters|REUTERS|EPA|PA|Getty Images|Getty|File|File photo)\))\s*$",
)

# Lines that announce an embedded image or video rather than body text.
CAPTION_LABELS = re.compile(r"^(?:image caption|caption|photo|video|watch|listen)\s*[:]\s*.+$", re.I)
