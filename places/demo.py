"""Demo places: the Iso Omena service centre, Sello library, a school, a health station, a station
square and a nature spot, with coordinates in their districts (`espoo-districts.csv`), the demo's
pilots booked at them (approved and pending), a proposal's test site and a few located ideas.

Everything goes through `places.services`; bookings in the past pass the day they were made.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organization
from engagement import services as engagement_services
from ideas.models import Idea
from pilots.models import Pilot
from places import services
from places.models import Place, SiteRequest
from portal.models import District

# slug-to-be, kind, district code, latitude, longitude, capacity, facts, texts per language
DEMO_PLACES = [
    {
        "kind": Place.Kind.SERVICE_CENTRE,
        "district": 3,
        "latitude": "60.161300",
        "longitude": "24.737700",
        "capacity": 3,
        "postal_code": "02230",
        "floor_space_m2": 120,
        "daily_visitors": 40000,
        "has_network": True,
        "has_power": True,
        "has_storage": True,
        "has_staff_help": True,
        "website": "https://www.espoo.fi/fi/iso-omenan-palvelutori",
        "name": {
            "fi": "Iso Omenan palvelutori",
            "sv": "Iso Omenas servicetorg",
            "en": "Iso Omena service centre",
        },
        "address": {"fi": "Piispansilta 11", "sv": "Biskopsbron 11", "en": "Piispansilta 11"},
        "summary": {
            "fi": "Kaupungin, Kelan ja HUSin palvelut saman katon alla kauppakeskus Iso Omenassa.",
            "sv": "Stadens, FPA:s och HUS tjänster under samma tak i köpcentret Iso Omena.",
            "en": "City, Kela and HUS services under one roof in the Iso Omena shopping centre.",
        },
        "opening_hours": {
            "fi": "ma–pe 8–18, la 10–16",
            "sv": "mån–fre 8–18, lör 10–16",
            "en": "Mon–Fri 8–18, Sat 10–16",
        },
        "accessibility": {
            "fi": "Esteetön sisäänkäynti metroasemalta ja pysäköintihallista, hissit, induktiosilmukka.",
            "sv": "Tillgänglig ingång från metrostationen och parkeringshallen, hissar, hörslinga.",
            "en": "Step-free entrances from the metro station and the car park, lifts, hearing loop.",
        },
        "offers": {
            "fi": "Pop-up-paikka aulassa, henkilökunnan apu, mahdollisuus haastatella asiakkaita.",
            "sv": "Pop up-plats i lobbyn, hjälp av kundtjänstens personal, möjlighet att intervjua kunder.",
            "en": "A pop-up spot in the lobby, help from the service staff, a chance to interview visitors.",
        },
        "rules": {
            "fi": "Henkilötietoja kerätään vain suostumuksella. Pilotin tunnus näkyvissä.",
            "sv": "Personuppgifter samlas bara in med samtycke. Pilotens skylt ska synas.",
            "en": "Personal data only with consent. The pilot's sign must be visible.",
        },
    },
    {
        "kind": Place.Kind.LIBRARY,
        "district": 1,
        "latitude": "60.217900",
        "longitude": "24.810800",
        "capacity": 2,
        "postal_code": "02600",
        "floor_space_m2": 60,
        "daily_visitors": 5000,
        "has_network": True,
        "has_power": True,
        "has_storage": False,
        "has_staff_help": True,
        "name": {"fi": "Sellon kirjasto", "sv": "Sellobiblioteket", "en": "Sello Library"},
        "address": {"fi": "Leppävaarankatu 9", "sv": "Albergagatan 9", "en": "Leppävaarankatu 9"},
        "summary": {
            "fi": "Espoon suurin kirjasto kauppakeskus Sellossa: tapahtumatiloja, pajoja ja soittohuoneita.",
            "sv": "Esbos största bibliotek i köpcentret Sello: evenemangslokaler, verkstäder och musikrum.",
            "en": "Espoo's largest library in the Sello centre: event spaces, makerspace and music rooms.",
        },
        "opening_hours": {
            "fi": "ma–pe 8–20, la–su 10–18",
            "sv": "mån–fre 8–20, lör–sön 10–18",
            "en": "Mon–Fri 8–20, Sat–Sun 10–18",
        },
        "accessibility": {
            "fi": "Esteetön, hissit kaikkiin kerroksiin, esteetön WC.",
            "sv": "Tillgängligt, hissar till alla våningar, tillgänglig toalett.",
            "en": "Step-free, lifts to every floor, accessible toilet.",
        },
    },
    {
        "kind": Place.Kind.SCHOOL,
        "district": 2,
        "latitude": "60.176900",
        "longitude": "24.804500",
        "capacity": 1,
        "postal_code": "02100",
        "floor_space_m2": 40,
        "daily_visitors": 700,
        "has_network": True,
        "has_power": True,
        "has_storage": True,
        "has_staff_help": False,
        "name": {"fi": "Tapiolan koulu", "sv": "Tapiola skola", "en": "Tapiola School"},
        "address": {"fi": "Opintie 2", "sv": "Studievägen 2", "en": "Opintie 2"},
        "summary": {
            "fi": "Yläkoulu Tapiolan keskustassa. Pilotit koulupäivän ulkopuolella tai opettajien kanssa.",
            "sv": "Högstadium i Hagalunds centrum. Piloter efter skoldagen eller med lärarna.",
            "en": "A lower secondary school in central Tapiola. Pilots after school or with the teachers.",
        },
        "rules": {
            "fi": "Oppilaiden tietoja vain huoltajan suostumuksella.",
            "sv": "Elevers uppgifter bara med vårdnadshavarens samtycke.",
            "en": "Pupils' data only with a guardian's consent.",
        },
    },
    {
        "kind": Place.Kind.HEALTH_STATION,
        "district": 4,
        "latitude": "60.148100",
        "longitude": "24.659000",
        "capacity": 1,
        "postal_code": "02320",
        "daily_visitors": 600,
        "has_power": True,
        "has_staff_help": True,
        "name": {
            "fi": "Espoonlahden terveysasema",
            "sv": "Esbovikens hälsostation",
            "en": "Espoonlahti health station",
        },
        "address": {"fi": "Espoonlahdenkatu 4", "sv": "Esbovikengatan 4", "en": "Espoonlahdenkatu 4"},
        "summary": {
            "fi": "Terveysasema Espoonlahden keskuksessa, metroaseman vieressä.",
            "sv": "Hälsostation i Esbovikens centrum, bredvid metrostationen.",
            "en": "A health station in Espoonlahti centre, next to the metro station.",
        },
    },
    {
        "kind": Place.Kind.STREET,
        "district": 5,
        "latitude": "60.189700",
        "longitude": "24.599800",
        "capacity": 2,
        "postal_code": "02780",
        "daily_visitors": 3000,
        "has_power": False,
        "name": {
            "fi": "Kauklahden asema-aukio",
            "sv": "Köklax stationsplan",
            "en": "Kauklahti station square",
        },
        "address": {"fi": "Kauklahden asema", "sv": "Köklax station", "en": "Kauklahti station"},
        "summary": {
            "fi": "Lähijunien asema-aukio: hyvä paikka liikkumisen ja pyöräilyn kokeiluille.",
            "sv": "Stationsplanen för närtågen: en bra plats för försök med mobilitet och cykling.",
            "en": "The commuter train station square: a good spot for mobility and cycling trials.",
        },
    },
    {
        "kind": Place.Kind.PARK,
        "district": 7,
        "latitude": "60.307000",
        "longitude": "24.583000",
        "capacity": 0,
        "postal_code": "02820",
        "name": {
            "fi": "Haukkalammen luontotupa",
            "sv": "Haukkalampi naturstuga",
            "en": "Haukkalampi nature hut",
        },
        "address": {"fi": "Haukkalammentie 31", "sv": "Haukkalammentie 31", "en": "Haukkalammentie 31"},
        "summary": {
            "fi": "Nuuksion kansallispuiston portti. Tapahtumia, ei pilotteja.",
            "sv": "Porten till Noux nationalpark. Evenemang, inga piloter.",
            "en": "The gateway to Nuuksio National Park. Events, no pilots.",
        },
    },
]

# A few ideas get a point on the map: (a word in the idea's title, latitude, longitude).
IDEA_POINTS = [
    ("odotuskatokset", "60.219300", "24.812800"),  # Leppävaara station
    ("cargo bikes at Iso Omena", "60.161700", "24.739000"),
    ("parkbänkar", "60.163500", "24.802000"),  # the Westend shore
]


def _fields(spec: dict) -> dict:
    fields = {}
    for key, value in spec.items():
        if isinstance(value, dict):
            for language, text in value.items():
                fields[f"{key}_{language}"] = text
        elif key == "district":
            fields["district"] = District.objects.get(code=value)
        elif key in ("latitude", "longitude"):
            fields[key] = Decimal(value)
        else:
            fields[key] = value
    return fields


def load_places(users: dict, challenges: dict, pilots: dict) -> dict[str, Place]:
    official = users["official@example.org"]
    # The pilots demo's objects may be older than their rows: read them again.
    pilots = {key: Pilot.objects.get(pk=pilot.pk) for key, pilot in pilots.items()}
    city = Organization.objects.get(name="City of Espoo")
    places = {}
    for spec in DEMO_PLACES:
        place = services.place_create(actor=official, host=city, **_fields(spec))
        places[place.kind] = place
    iso_omena, sello = places[Place.Kind.SERVICE_CENTRE], places[Place.Kind.LIBRARY]
    station = places[Place.Kind.STREET]

    services.challenge_places_set(actor=official, challenge=challenges["iso-omena"], places=[iso_omena])
    services.challenge_places_set(
        actor=official, challenge=challenges["customer-service"], places=[sello, iso_omena]
    )
    services.challenge_places_set(actor=official, challenge=challenges["commuting"], places=[station])

    today = timezone.localdate()
    # The running health check at Iso Omena: booked from its start until two months ahead.
    health = pilots["health"]
    started = timezone.localdate(health.started_at) if health.started_at else today
    booking = services.site_request_create(
        actor=health.created_by, pilot=health, place=iso_omena, starts_on=started,
        ends_on=today + timedelta(days=60), needs="A table and two chairs in the lobby, power for a laptop.",
        today=started,
    )  # fmt: skip
    services.site_request_approve(
        actor=official, site_request=booking, message="Welcome! Ask for Leena at the desk."
    )

    # The completed e-cargo bikes ran at the station square. A completed pilot can no longer ask
    # for a site, so its past booking is written as the city's booking history would be imported.
    bikes = pilots["completed"]
    began = timezone.localdate(bikes.started_at) if bikes.started_at else today - timedelta(days=120)
    ended = timezone.localdate(bikes.ended_at) if bikes.ended_at else began + timedelta(days=60)
    SiteRequest.objects.create(
        place=station, pilot=bikes, requested_by=bikes.created_by, starts_on=began, ends_on=max(ended, began),
        status=SiteRequest.Status.APPROVED, decided_at=timezone.now(), decided_by=official,
    )  # fmt: skip

    # A shortlisted proposal asks Sello library: pending, waiting for the hosts.
    shortlisted = Pilot.objects.filter(status=Pilot.Status.SHORTLISTED).order_by("pk").first()
    if shortlisted is not None:
        services.site_request_create(
            actor=shortlisted.created_by, pilot=shortlisted, place=sello,
            starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=90),
            needs="A help desk two afternoons a week, network.",
        )  # fmt: skip

    # The commuting draft picks the station square as its test site.
    draft = pilots.get("commuting_draft")
    if draft is not None:
        services.test_site_pick(actor=draft.created_by, pilot=draft, place=station)

    for word, latitude, longitude in IDEA_POINTS:
        idea = Idea.objects.filter(title__icontains=word, hidden_at__isnull=True).order_by("pk").first()
        if idea is not None:
            services.idea_location_set(actor=idea.author, idea=idea, latitude=latitude, longitude=longitude)

    engagement_services.follow_start(actor=users["resident@example.org"], target=iso_omena)
    return places
