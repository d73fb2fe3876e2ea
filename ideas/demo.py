"""Demo ideas about Espoo, with votes, threaded comments, official answers and a merged duplicate.

Everything goes through the services, as it would for real people. Ideas are attached to a
challenge only if one takes ideas when the demo loads; otherwise they are free-standing.
"""

from datetime import timedelta

from django.utils import timezone

from engagement import services as engagement
from ideas import promises, services
from ideas.models import AnswerRule, Department, Idea, IdeaStatusChange
from ideas.selectors import challenges_taking_ideas
from portal import demo_pictures
from portal.models import District
from portal.rate_limits import rate_limits_suspended

# author, language, title, body, goals, district code (None: whole city), days ago, in a challenge
DEMO_IDEAS = [
    (
        "resident@example.org", "fi",
        "Lämmitetyt odotuskatokset Leppävaaran asemalle",
        "Talvella bussia odotetaan Leppävaaran asemalla pitkään tuulessa. **Lämmitetyt ja valaistut "
        "katokset** tekisivät odottamisesta turvallisempaa erityisesti iäkkäille ja lapsiperheille.\n\n"
        "- lämmitys vain kun katoksessa on ihmisiä\n- reaaliaikainen aikataulunäyttö",
        ["health", "sustainability"], 1, 40, False,
    ),
    (
        "researcher@example.org", "en",
        "Shared cargo bikes at Iso Omena",
        "Families shopping at Iso Omena could borrow an electric cargo bike for a few hours instead of "
        "taking the car. Docking next to the metro station; booking with the HSL app.",
        ["sustainability", "vitality"], 3, 12, True,
    ),
    (
        "startup@example.org", "sv",
        "Fler parkbänkar längs strandpromenaden i Westend",
        "Strandpromenaden är populär bland äldre, men det finns långt mellan bänkarna. "
        "Fler bänkar med armstöd skulle göra det lättare att ta en längre promenad.",
        ["health", "participation"], 2, 30, False,
    ),
    (
        "community@example.org", "fi",
        "Kirjastojen aukioloajat pidemmiksi iltaisin",
        "Moni käy töissä tai koulussa eikä ehdi kirjastoon ennen kahdeksaa. Omatoimikirjasto "
        "kello 22 asti Sellossa ja Ison Omenan kirjastossa palvelisi opiskelijoita ja vuorotyöläisiä.",
        ["participation"], None, 25, False,
    ),
    (
        "colleague@example.org", "en",
        "Translation help at the Iso Omena service centre",
        "Many residents speak neither Finnish nor Swedish well. A video link to an interpreter at the "
        "service centre desks, in the 10 most spoken languages, would make the services reachable to all.",
        ["participation", "health"], 3, 18, True,
    ),
    (
        "resident@example.org", "fi",
        "Liikennepuisto koululaisille Espoonlahteen",
        "Pienoisliikennepuistossa lapset oppisivat pyöräilemään turvallisesti ennen kuin lähtevät "
        "yksin kouluun. Puisto voisi olla päivisin koulujen ja iltaisin perheiden käytössä.",
        ["health"], 4, 50, False,
    ),
    (
        "researcher@example.org", "en",
        "Open data on snow ploughing",
        "Publish the routes and times of snow ploughing as open data, so residents and app makers can "
        "see when their street will be cleared. Humanizing data: show people what the city does for them.",
        ["participation", "vitality"], None, 8, False,
    ),
    (
        "community@example.org", "en",
        "Community garden plots in Matinkylä",
        "Raised beds on the empty lot by the Matinkylä metro station, run by residents. The city offers "
        "water and the soil; the neighbours do the rest.",
        ["sustainability", "participation"], 3, 60, False,
    ),
    (
        "community@example.org", "fi",
        "Korjauskahvila kirjastoon kerran kuussa",
        "Vapaaehtoiset korjaavat vaatteita, pyöriä ja pienelektroniikkaa yhdessä asukkaiden kanssa. "
        "Tavarat pysyvät käytössä pidempään ja naapurit tutustuvat.",
        ["sustainability", "participation"], 2, 35, False,
    ),
    (
        "researcher@example.org", "en",
        "Air quality sensors at school yards",
        "Low-cost sensors at every school yard, with the readings shown on a public map. Parents and "
        "schools could plan outdoor time, and the city could see where traffic should be calmed.",
        ["health", "sustainability"], None, 5, True,
    ),
    (
        "colleague@example.org", "fi",
        "Lisää pyöräpysäköintiä Tapiolan metroasemalle",
        "Tapiolan metroaseman pyörätelineet ovat aamuisin täynnä. Katettu ja lukittava pyöräparkki "
        "houkuttelisi useamman pyöräilemään asemalle.",
        ["sustainability"], 2, 20, False,
    ),
    (
        "startup@example.org", "en",
        "More bike parking at Tapiola metro",
        "There is never a free rack at Tapiola metro in the morning. A covered bike park would help.",
        ["sustainability"], 2, 10, False,
    ),
]  # fmt: skip

VOTERS = [
    "resident@example.org",
    "startup@example.org",
    "colleague@example.org",
    "researcher@example.org",
    "community@example.org",
    "evaluator@example.org",
    "moderator@example.org",
]

# idea index → how many of VOTERS vote for it (most popular first)
VOTES = {0: 6, 1: 5, 2: 3, 3: 4, 4: 5, 5: 2, 6: 4, 7: 3, 8: 2, 9: 5, 10: 4, 11: 3}

# idea index → (commenter, text, [(replier, text, [(replier, text)])])
COMMENTS = {
    0: [
        ("community@example.org", "Kyllä! Erityisesti tammikuussa odottaminen on kurjaa.", [
            ("official@example.org", "Selvitämme katosten lämmitystä HSL:n kanssa. Kiitos ideasta!", [
                ("resident@example.org", "Hienoa, seuraan tilannetta."),
            ]),
        ]),
        ("researcher@example.org", "Could the shelters use waste heat from the station building?", []),
    ],
    1: [
        ("startup@example.org", "We could run the booking for a pilot. Polku Mobility is interested.", [
            ("researcher@example.org", "Great, let's see if the challenge takes it further.", []),
        ]),
    ],
    4: [
        ("resident@example.org", "Tämä auttaisi myös naapuriani, joka puhuu vain arabiaa.", []),
    ],
    9: [
        ("community@example.org", "Matinkylän koululla on jo yksi anturi, dataa voisi käyttää.", [
            ("researcher@example.org", "Yes, we could combine it with the regional air quality data.", []),
        ]),
    ],
}  # fmt: skip

# idea index → (picture, its description): drawn when the demo loads, uploaded as a person would.
IMAGES = {
    1: (
        demo_pictures.cargo_bikes,
        "An electric cargo bike with a cargo box, by a shopping centre and a metro entrance.",
    ),
    7: (demo_pictures.garden_beds, "Three raised garden beds full of greens in front of blocks of flats."),
}

# idea index → (status, answer): the city answers in Finnish, Swedish and English.
ANSWERS = {
    0: (
        "under_consideration",
        {
            "fi": "Kaupunki selvittää lämmitettyjen katosten kustannukset HSL:n kanssa keväällä.",
            "sv": "Staden utreder kostnaderna för uppvärmda väderskydd tillsammans med HRT i vår.",
            "en": "The city is working out the cost of heated shelters with HSL this spring.",
        },
    ),
    3: (
        "accepted",
        {
            "fi": "Sellon omatoimikirjasto on auki kello 22 asti syksystä alkaen.",
            "sv": "Sellos meröppna bibliotek har öppet till klockan 22 från och med hösten.",
            "en": "Sello's self-service library is open until 10 pm from the autumn.",
        },
    ),
    7: (
        "implemented",
        {
            "fi": "Ensimmäiset 20 viljelylaatikkoa rakennettiin toukokuussa Matinkylän naapureiden kanssa.",
            "sv": "De första 20 odlingslådorna byggdes i maj tillsammans med Grannarna i Mattby.",
            "en": "The first 20 raised beds were built in May with the Matinkylä Neighbours.",
        },
    ),
    5: (
        "not_pursued",
        {
            "fi": "Espoonlahdessa ei ole sopivaa tonttia; liikennekasvatus jatkuu kouluilla.",
            "sv": "I Esboviken finns ingen lämplig tomt; trafikfostran fortsätter i skolorna.",
            "en": "There is no suitable site in Espoonlahti; road safety teaching continues at schools.",
        },
    ),
}


def load_ideas(users: dict) -> list[Idea]:
    # The demo people write a lot at once, and a shared cache (Redis) may remember counts from an
    # earlier load into another database: the demo is not held to the per-person limits.
    with rate_limits_suspended():
        return _load_ideas(users)


def _load_ideas(users: dict) -> list[Idea]:
    official = users["official@example.org"]
    challenge = challenges_taking_ideas().first()
    now = timezone.now()
    ideas = []
    for index, entry in enumerate(DEMO_IDEAS):
        author, language, title, body, goals, district, days_ago, in_challenge = entry
        picture, description = IMAGES.get(index, (None, ""))
        idea = services.idea_create(
            actor=users[author],
            title=title,
            body=body,
            language=language,
            goals=goals,
            district=District.objects.get(code=district) if district else None,
            challenge=challenge if in_challenge else None,
            image=picture() if picture else None,
            image_alt=description,
        )
        # Spread the ideas over the past weeks, as if they came in over time.
        created = now - timedelta(days=days_ago)
        Idea.objects.filter(pk=idea.pk).update(created_at=created)
        IdeaStatusChange.objects.filter(idea=idea).update(at=created)
        ideas.append(idea)

    services.idea_invite_coauthor(
        actor=users["community@example.org"], idea=ideas[7], email="resident@example.org"
    )
    services.idea_accept_coauthorship(actor=users["resident@example.org"], idea=ideas[7])

    for index, count in VOTES.items():
        for email in VOTERS[:count]:
            engagement.vote_cast(actor=users[email], target=ideas[index])

    def comment(idea, thread, parent=None):
        for entry in thread:
            email, text, replies = entry if len(entry) == 3 else (*entry, [])
            written = engagement.comment_create(actor=users[email], target=idea, body=text, parent=parent)
            comment(idea, replies, written)

    for index, thread in COMMENTS.items():
        comment(ideas[index], thread)

    # The city's promise: ideas with 3 votes are answered within 30 days by Urban Environment.
    _answer_promise(users, now - timedelta(days=12))

    for index, (status, answer) in ANSWERS.items():
        services.idea_answer(actor=official, idea=ideas[index], status=status, answer=answer)

    # The English bike-parking idea duplicates the Finnish one: merge, votes and followers move.
    services.idea_merge(actor=official, duplicate=ideas[11], original=ideas[10])
    return ideas


def _answer_promise(users: dict, promised_at) -> None:
    department = Department.objects.create(
        name_fi="Kaupunkiympäristön toimiala", name_sv="Stadsmiljösektorn", name_en="Urban Environment"
    )
    department.members.add(users["official@example.org"])
    promises.answer_rule_create(
        actor=users["admin@example.org"], trigger=AnswerRule.Trigger.VOTES, vote_threshold=3, days=30,
        department=department,
    )  # fmt: skip
    promises.answer_promises_refresh(now=promised_at)
