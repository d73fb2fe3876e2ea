"""The words of the seeded city: idea titles and bodies in Finnish, Swedish and English, and
comments.
"""

from portal.markdown import render_markdown

# --- Texts ---------------------------------------------------------------------------------------

WORDS = {
    "fi": {
        "what": [
            "Lisää penkkejä",
            "Valaistus",
            "Pyöräparkki",
            "Kirjastobussi",
            "Leikkipuisto",
            "Kierrätyspiste",
            "Hiljainen tila",
            "Uimaranta",
            "Talviuinti",
            "Koirapuisto",
        ],
        "where": [
            "Tapiolaan",
            "Matinkylään",
            "Leppävaaraan",
            "Espoon keskukseen",
            "Otaniemeen",
            "Kalajärvelle",
            "Soukkaan",
            "Olariin",
            "Suurpeltoon",
            "Niittykumpuun",
        ],
        "body": "Ehdotan, että {what} tuodaan {where}. Asukkaat käyttäisivät sitä päivittäin, ja se "
        "tekisi alueesta viihtyisämmän kaikenikäisille. Kokeilu voisi alkaa keväällä.",
    },
    "sv": {
        "what": [
            "Fler bänkar",
            "Belysning",
            "Cykelparkering",
            "Bokbuss",
            "Lekpark",
            "Återvinningsstation",
            "Tyst rum",
            "Badstrand",
            "Vinterbad",
            "Hundpark",
        ],
        "where": [
            "till Hagalund",
            "till Mattby",
            "till Alberga",
            "till Esbo centrum",
            "till Otnäs",
            "till Kalax",
            "till Sökö",
            "till Olars",
            "till Storåkern",
            "till Ängskulla",
        ],
        "body": "Jag föreslår att {what} kommer {where}. Invånarna skulle använda den varje dag och "
        "området skulle bli trivsammare för alla åldrar. Försöket kunde börja i vår.",
    },
    "en": {
        "what": [
            "More benches",
            "Street lighting",
            "Bike parking",
            "A library bus",
            "A playground",
            "A recycling point",
            "A quiet room",
            "A beach",
            "Winter swimming",
            "A dog park",
        ],
        "where": [
            "for Tapiola",
            "for Matinkylä",
            "for Leppävaara",
            "for Espoo Centre",
            "for Otaniemi",
            "for Kalajärvi",
            "for Soukka",
            "for Olari",
            "for Suurpelto",
            "for Niittykumpu",
        ],
        "body": "I propose {what} {where}. Residents would use it every day and it would make the "
        "area a nicer place for people of every age. A pilot could start in the spring.",
    },
}

COMMENTS = [
    "Hyvä idea, kannatan!",
    "Tämä olisi tarpeen jo nyt.",
    "Bra idé, det här behövs.",
    "I would use this every week.",
    "Entä talvella? Pitäisi miettiä kunnossapito.",
    "Could this be tried first for a month?",
]
COMMENT_HTML = {text: render_markdown(text) for text in COMMENTS}


def idea_text(number: int, language: str) -> tuple[str, str]:
    words = WORDS[language]
    what = words["what"][number % len(words["what"])]
    where = words["where"][(number // len(words["what"])) % len(words["where"])]
    title = f"{what} {where} #{number}"
    return title, words["body"].format(what=what.lower(), where=where)
