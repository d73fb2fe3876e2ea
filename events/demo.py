"""Demo events in Espoo, in Finnish and Swedish (English too): two past events with their reports,
upcoming ones at Iso Omena and online, and one that is full with a waiting list.

Everything goes through the services. Past events are announced and registered for as if weeks
ago, then moved to their dates (the demo replays time; nobody is told of that move).
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Organization, User
from events import services
from events.models import Event
from ideas.models import Idea
from pilots.models import Pilot
from places.models import Place

ISO_OMENA_ADDRESS = "Iso Omena, Piispansilta 11, 02230 Espoo"
ONLINE = "https://meet.example.org/innovation-garden"


def _iso_omena() -> dict:
    """The Iso Omena service centre from the places catalogue when it is there, else its address."""
    place = Place.objects.filter(name__icontains="Iso Omena").first()
    return {"place": place} if place else {"address": ISO_OMENA_ADDRESS}


def _at(days: int, hour: int, minutes: int = 0):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=minutes, second=0, microsecond=0)


def _event(organizer: User, *, starts, hours: float = 2, organization=None, questions=(), **fields) -> Event:
    return services.event_create(
        actor=organizer,
        organization=organization,
        questions=questions,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        registration_closes_at=fields.pop("registration_closes_at", starts),
        **fields,
    )


def _register(event: Event, people, **kwargs) -> None:
    for person in people:
        services.registration_create(actor=person, event=event, share_with_organizer=True, **kwargs)


def _move_to_the_past(event: Event, *, days_ago: int, hour: int) -> Event:
    starts = _at(-days_ago, hour)
    duration = event.ends_at - event.starts_at
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts, ends_at=starts + duration, registration_closes_at=starts, reminder_sent_at=starts
    )
    event.refresh_from_db()
    return event


def load_events(users: dict[str, User], challenges: dict) -> dict[str, Event]:
    official = users["official@example.org"]
    startup = users["startup@example.org"]
    polku = Organization.objects.get(name="Polku Mobility")
    residents = [users[email] for email in ("resident@example.org", "community@example.org",
                                            "colleague@example.org", "researcher@example.org")]  # fmt: skip
    interpreter = {"text_fi": "Tarvitsetko tulkkausta tai muuta apua?",
                   "text_sv": "Behöver du tolkning eller annan hjälp?",
                   "text_en": "Do you need interpretation or other help?"}  # fmt: skip
    events = {}

    # --- Past, with reports -------------------------------------------------------------------
    workshop = _event(
        official,
        starts=_at(7, 17),
        kind=Event.Kind.WORKSHOP,
        language="fi",
        challenge=challenges["commuting"],
        title_fi="Työpaja: vihreämpi työmatka Keilaniemeen",
        title_sv="Verkstad: grönare arbetsresor till Kägeludden",
        title_en="Workshop: greener commuting to Keilaniemi",
        summary_fi="Asukkaat, työnantajat ja kaupunki ideoivat yhdessä työmatkoja ilman autoa.",
        summary_sv="Invånare, arbetsgivare och staden funderar tillsammans på arbetsresor utan bil.",
        summary_en="Residents, employers and the city work out how to get to work without a car.",
        accessibility_fi="Esteetön sisäänkäynti, induktiosilmukka.",
        accessibility_sv="Tillgänglig ingång, hörslinga.",
        capacity=30,
        **_iso_omena(),
    )
    _register(workshop, [*residents, startup])
    events["workshop"] = workshop = _move_to_the_past(workshop, days_ago=21, hour=17)
    rows = list(workshop.registrations.order_by("pk"))
    services.attendance_mark(
        actor=official, event=workshop, attended={row.pk: index != 1 for index, row in enumerate(rows)}
    )
    services.report_publish(
        actor=official,
        event=workshop,
        ideas=list(Idea.objects.filter(challenge=challenges["commuting"]).order_by("pk")[:2]),
        report_fi="Neljä pöytäryhmää kävi läpi työmatkojen pullonkaulat. Eniten kannatusta saivat "
        "yhteiskyydit Otaniemestä ja turvallisemmat pyöräparkit asemille. Ideat on julkaistu haasteessa.",
        report_sv="Fyra bordsgrupper gick igenom flaskhalsarna i arbetsresorna. Mest stöd fick samåkning "
        "från Otnäs och tryggare cykelparkeringar vid stationerna. Idéerna finns i utmaningen.",
        report_en="Four table groups went through the bottlenecks of commuting. Shared rides from Otaniemi "
        "and safer bike parking at the stations got the most support. The ideas are in the challenge.",
    )

    demo_day = _event(
        startup,
        organization=polku,
        starts=_at(6, 13),
        hours=3,
        kind=Event.Kind.DEMO_DAY,
        language="en",
        challenge=challenges["iso-omena"],
        title_fi="Demopäivä: palvelukeskuksen pilotit",
        title_sv="Demodag: servicecentrets piloter",
        title_en="Demo day: the service centre's pilots",
        summary_fi="Startupit esittelevät Iso Omenan palvelukeskuksessa kokeiltuja ratkaisuja.",
        summary_sv="Startupföretag visar lösningar som prövats i servicecentret i Iso Omena.",
        online_url=ONLINE + "/demo-day",
        capacity=100,
    )
    _register(demo_day, [*residents[:2], official])
    events["demo_day"] = demo_day = _move_to_the_past(demo_day, days_ago=10, hour=13)
    services.report_publish(
        actor=startup,
        event=demo_day,
        pilots=list(Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES).order_by("pk")[:1]),
        report_fi="Kolme tiimiä esitteli pilottinsa tulokset. Tallenne ja diat on jaettu osallistujille.",
        report_sv="Tre team presenterade resultaten av sina piloter. Inspelningen och bilderna har delats.",
        report_en="Three teams presented their pilots' results. The recording and slides were shared.",
    )

    # --- Upcoming -------------------------------------------------------------------------------
    events["test_session"] = test_session = _event(
        official,
        starts=_at(5, 10),
        kind=Event.Kind.TEST_SESSION,
        language="fi",
        challenge=challenges["iso-omena"],
        title_fi="Testaa uutta asiointipistettä Iso Omenassa",
        title_sv="Testa den nya servicepunkten i Iso Omena",
        title_en="Try the new service point at Iso Omena",
        summary_fi="Kokeile uutta itsepalvelupistettä ja kerro, mikä toimii ja mikä ei.",
        summary_sv="Prova den nya självbetjäningspunkten och berätta vad som fungerar.",
        summary_en="Try the new self-service point and tell us what works and what does not.",
        accessibility_fi="Palvelukeskus on esteetön. Hissi metroasemalta.",
        accessibility_sv="Servicecentret är tillgängligt. Hiss från metrostationen.",
        capacity=12,
        questions=[interpreter],
        **_iso_omena(),
    )
    _register(test_session, residents[:2])

    events["info"] = _event(
        official,
        starts=_at(9, 15),
        hours=1,
        kind=Event.Kind.INFO,
        language="sv",
        challenge=challenges["commuting"],
        title_fi="Infotilaisuus verkossa: näin teet pilottiehdotuksen",
        title_sv="Infomöte på nätet: så gör du ett pilotförslag",
        title_en="Online info session: how to propose a pilot",
        summary_fi="Käymme läpi haasteen, arviointikriteerit ja ehdotuslomakkeen. Kysymyksiä saa esittää.",
        summary_sv="Vi går igenom utmaningen, bedömningskriterierna och förslagsblanketten.",
        online_url=ONLINE + "/info",
        capacity=200,
    )

    full = _event(
        official,
        starts=_at(12, 17, 30),
        kind=Event.Kind.CO_CREATION,
        language="fi",
        challenge=challenges["proactive-support"],
        title_fi="Yhteiskehittäminen: ennakoiva tuki asukkaille",
        title_sv="Samutveckling: proaktivt stöd för invånare",
        title_en="Co-creation: proactive support for residents",
        summary_fi="Suunnitellaan yhdessä, miten kaupunki tarjoaisi apua ajoissa.",
        summary_sv="Vi planerar tillsammans hur staden kan erbjuda hjälp innan den behövs som mest.",
        accessibility_fi="Hiljainen huone käytettävissä.",
        accessibility_sv="Ett tyst rum finns.",
        capacity=4,
        questions=[interpreter],
        **_iso_omena(),
    )
    _register(full, [*residents, startup, users["evaluator@example.org"]])
    events["full"] = full
    return events
