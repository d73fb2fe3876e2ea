# ruff: noqa: E501 -- prose in two languages, kept in readable lines
"""The demo challenges' texts in Finnish and Swedish; English is in `challenges/demo.py`.

Keyed like `DEMO_CHALLENGES`; `criteria` lists (name, description) in the same order as there.
Proper names (Iso Omena, Sello, Keilaniemi) stay as they are.
"""

DEMO_TRANSLATIONS = {
    "commuting": {
        "fi": {
            "title": "Vihreämpää työmatkaliikennettä Keilaniemeen ja Otaniemeen",
            "summary": (
                "Keilaniemeen ja Otaniemeen matkustaa päivittäin töihin ja opiskelemaan noin 40 000 "
                "ihmistä, moni yksin autolla. Auta heitä siirtymään yhtä helppoihin ja vihreämpiin kulkutapoihin."
            ),
            "description": """Keilaniemi ja Otaniemi ovat Suomen vilkkaimpia työpaikka-alueita: yritysten
pääkonttorit, Aalto-yliopisto, tutkimuslaitokset ja startupit jakavat muutaman neliökilometrin
Kehä I:n varrella. Metro ja uusi pikaraitiotie ovat helpottaneet alueelle pääsyä, mutta ruuhka-aikoina
pysäköintitalot ja Otaniementien risteykset täyttyvät yhä.

Etsimme **kokeiluja, jotka tekevät vihreästä työmatkasta helpon valinnan**, esimerkiksi:

- kimppakyytejä tai sukkulabusseja yhdessä työnantajien kanssa,
- turvallista pyöräpysäköintiä ja sähköpyöräkokeiluja viimeisille kilometreille,
- kannustimia ja tietoa, jotka sopivat ihmisten todellisiin päivittäisiin reitteihin,
- tapoja, joilla työnantajat voivat vertailla ja jakaa toimivia keinoja.

Kokeilut kestävät enintään kuusi kuukautta alueen kaduilla, pysäkeillä ja kampuksilla. Mittaamme,
miten liikkuminen muuttuu, ja kysymme työmatkalaisilta itseltään, mikä teki eron.""",
            "site": "Keilaniemi ja Otaniemi",
            "offers_data": (
                "Keilaniemen pysäköintitalojen tunnittainen käyttöaste (anonymisoitu), kaupunkipyöräasemien "
                "ja automaattisten pyöräilylaskureiden tiedot sekä alueen tulokset seudullisesta liikkumistutkimuksesta."
            ),
            "offers_sites": (
                "Keilaniemen metroaseman bussipysäkit ja liityntäpysäköinti; Otaniemen kampuksen kadut."
            ),
            "offers_staff": "Liikennesuunnittelija ja liikkumiskoordinaattori, kumpikin noin neljä tuntia viikossa.",
            "eligibility": (
                "Yritykset, startupit, tutkimusryhmät ja yhteisöt. Tiimejä kannustetaan yhteistyöhön "
                "alueen työnantajien kanssa."
            ),
            "criteria": [
                (
                    "Vaikutus päästöihin",
                    "Kuinka monta automatkaa kokeilu voisi korvata ja kuinka luotettavasti.",
                ),
                (
                    "Toteutettavissa kuudessa kuukaudessa",
                    "Tiimi, suunnitelma ja luvat valmiina oikeaan kokeiluun.",
                ),
                ("Työmatkalaisten kokemus", "Helppo, turvallinen ja miellyttävä matkustajille."),
                ("Tiedot ja yksityisyys", "Kerää vain tarpeellisen, suostumuksella, ja kertoo sen."),
            ],
        },
        "sv": {
            "title": "Grönare arbetsresor till Kägeludden och Otnäs",
            "summary": (
                "Omkring 40 000 personer reser dagligen till arbete och studier i Kägeludden och Otnäs, "
                "många ensamma i bil. Hjälp dem att byta till grönare färdsätt som är lika enkla."
            ),
            "description": """Kägeludden och Otnäs hör till de livligaste arbetsplatsområdena i Finland:
företagens huvudkontor, Aalto-universitetet, forskningsinstitut och startupföretag delar några
kvadratkilometer intill Ring I. Metron och den nya snabbspårvägen har gjort området lättare att nå,
men under rusningstid fylls parkeringshusen och korsningarna vid Otnäsvägen fortfarande.

Vi söker **försök som gör det gröna resvalet till det enkla**, till exempel:

- samåkning eller pendelbussar som planeras tillsammans med arbetsgivarna,
- säker cykelparkering och försök med elcyklar för de sista kilometrarna,
- incitament och information som passar människors verkliga dagliga rutter,
- sätt för arbetsgivare att jämföra och dela det som fungerar.

Försöken pågår i högst sex månader på områdets gator, hållplatser och campus. Vi mäter hur
resandet förändras och frågar pendlarna själva vad som gjorde skillnaden.""",
            "site": "Kägeludden och Otnäs",
            "offers_data": (
                "Beläggningen i Kägeluddens parkeringshus per timme (anonymiserad), uppgifter från "
                "stadscykelstationerna och de automatiska cykelräknarna samt områdets resultat i den "
                "regionala resvaneundersökningen."
            ),
            "offers_sites": (
                "Busshållplatserna och infartsparkeringen vid Kägeluddens metrostation; gatorna på Otnäs campus."
            ),
            "offers_staff": "En trafikplanerare och en mobilitetskoordinator, cirka fyra timmar i veckan var.",
            "eligibility": (
                "Företag, startupföretag, forskargrupper och sammanslutningar. Teamen uppmuntras att "
                "samarbeta med arbetsgivare i området."
            ),
            "criteria": [
                ("Effekt på utsläppen", "Hur många bilresor försöket kan ersätta, och hur pålitligt."),
                ("Genomförbart på sex månader", "Team, plan och tillstånd klara för ett verkligt försök."),
                ("Pendlarnas upplevelse", "Enkelt, tryggt och trevligt för dem som reser."),
                ("Data och integritet", "Samlar bara det som behövs, med samtycke, och säger det."),
            ],
        },
    },
    "customer-service": {
        "fi": {
            "title": "Tekoäly kaupungin asiakaspalvelussa",
            "summary": (
                "Asukkaat kysyvät kaupungilta samoja kysymyksiä tuhansia kertoja kuukaudessa, monella "
                "kielellä. Voiko tekoäly vastata niihin hyvin, avoimesti ja reilusti ja jättää ihmisille "
                "aikaa vaikeisiin tapauksiin?"
            ),
            "description": """Espoon asiakaspalvelu vastaa kysymyksiin varhaiskasvatuksesta, kouluista,
rakennusluvista, jätehuollosta, pysäköinnistä ja paljosta muusta puhelimessa, chatissa ja
asiointipisteissä. Moni kysymys toistuu, ja moni asukas kysyisi mieluummin omalla kielellään ja
virka-ajan ulkopuolella.

Haluamme kokeilla **tekoälyavustajia, jotka auttavat asukkaita ja henkilöstöä**, esimerkiksi
vastaamalla yleisiin kysymyksiin selkokielellä, ohjaamalla oikeaan palveluun tai laatimalla
vastausluonnoksia, jotka ihminen tarkistaa.

Kaupunki ei jousta kolmesta asiasta:

1. Ihmiset tietävät aina, kun he asioivat tekoälyn kanssa, ja tavoittavat ihmisen.
2. Vastaukset ovat oikeita ja jäljitettävissä kaupungin omaan tietoon.
3. Henkilötietoja ei käytetä mallien opettamiseen ilman suostumusta.""",
            "offers_data": (
                "Kaupungin chat-palvelun kysymykset ja vastaukset (anonymisoitu) sekä kansallisen "
                "palvelutietovarannon palvelukuvaukset."
            ),
            "offers_sites": "Ison Omenan, Sellon ja Entressen asiointipisteet; kaupungin verkkochat.",
            "offers_staff": "Asiakaspalvelun asiantuntijoita testaamaan ja antamaan palautetta, kaksi päivää kuukaudessa.",
            "eligibility": (
                "Yritykset ja tutkimusryhmät. Ratkaisun on täytettävä EU:n tekoälysäädöksen läpinäkyvyysvelvoitteet."
            ),
            "criteria": [
                (
                    "Selkeä kieli ja saavutettavuus",
                    "Ymmärrettävä kaikille, myös ruudunlukijoiden käyttäjille.",
                ),
                (
                    "Läpinäkyvyys",
                    "Selvää, että vastaaja on tekoäly; lähteet näkyvät; ihminen tavoitettavissa.",
                ),
                ("Kielet", "Vähintään suomi, ruotsi ja englanti; useampi on parempi."),
                ("Kustannustehokkuus", "Mitä käyttö maksaisi koko kaupungissa."),
            ],
        },
        "sv": {
            "title": "AI i stadens kundtjänst",
            "summary": (
                "Invånarna ställer samma frågor till staden tusentals gånger i månaden, på många språk. "
                "Kan AI svara på dem väl, öppet och rättvist och ge personalen tid för de svåra fallen?"
            ),
            "description": """Esbos kundtjänst svarar på frågor om småbarnspedagogik, skolor, bygglov,
avfall, parkering och mycket annat per telefon, i chatten och vid servicepunkterna. Många frågor
upprepas, och många invånare skulle hellre fråga på sitt eget språk och utanför tjänstetid.

Vi vill pröva **AI-assistenter som hjälper invånare och personal**, till exempel genom att svara på
vanliga frågor på klarspråk, vägleda till rätt tjänst eller skriva svarsutkast som en människa
granskar.

Staden kompromissar inte om tre saker:

1. Man vet alltid när man talar med en AI och kan nå en människa.
2. Svaren är korrekta och kan spåras till stadens egen information.
3. Inga personuppgifter används för att träna modeller utan samtycke.""",
            "offers_data": (
                "Frågorna och svaren i stadens chattjänst (anonymiserade) och servicebeskrivningarna i "
                "den nationella servicedatalagret."
            ),
            "offers_sites": "Servicepunkterna i Iso Omena, Sello och Entresse; stadens webbchatt.",
            "offers_staff": "Kundtjänstexperter för testning och respons, två dagar i månaden.",
            "eligibility": (
                "Företag och forskargrupper. Lösningen ska uppfylla transparenskraven i EU:s AI-förordning."
            ),
            "criteria": [
                (
                    "Klarspråk och tillgänglighet",
                    "Begripligt för alla, även för dem som använder skärmläsare.",
                ),
                ("Transparens", "Tydligt att en AI svarar; källor visas; en människa går att nå."),
                ("Språk", "Minst finska, svenska och engelska; fler är bättre."),
                ("Kostnadseffektivitet", "Vad det skulle kosta att använda i hela staden."),
            ],
        },
    },
    "proactive-support": {
        "fi": {
            "title": "Ennakoivaa tukea riskissä oleville asukkaille",
            "summary": (
                "Osa asukkaista tarvitsee apua kauan ennen kuin pyytää sitä: työn, puolison tai terveyden "
                "menettämisen jälkeen. Miten kaupunki tavoittaisi heidät ajoissa ja kunnioittavasti?"
            ),
            "description": """Monet kaupungin palvelut odottavat, että ihmiset tulevat niiden luo. Ne, jotka
hyötyisivät eniten, kuten yksinäiset ikäihmiset tai äkillisen kuormituksen alla olevat perheet,
tulevat usein vasta kun tilanne on jo vaikea.

Tämä haaste pyytää **ensin ideoita**: mitkä merkit voisivat kertoa, että joku saattaa tarvita tukea,
kuka voisi huomata ne ja miten kaupungin pitäisi ottaa yhteyttä, jotta se tuntuu avulta eikä
valvonnalta? Parhaat ideat muovaavat sitä seuraavan kokeiluhaun.

Ytimessä on datan inhimillistäminen: dataa käytetään palvelujen rakentamiseen ihmisten ympärille,
aina heidän suostumuksellaan ja avoimesti.""",
            "offers_data": "Tilastot palvelujen käytöstä alueittain ja ikäryhmittäin (koottuja, ei henkilötietoja).",
            "offers_sites": "Kirjastot, seniorikeskukset ja perhekeskukset jokaisella suuralueella.",
            "offers_staff": "Sosiaalityöntekijöitä ja tietosuojavastaava neuvomaan jokaista kokeilua.",
            "eligibility": (
                "Ideoita voi ehdottaa kuka tahansa. Kokeilut: yhteisöt, yhdistykset, yritykset ja tutkimusryhmät."
            ),
            "criteria": [
                ("Tavoittaa ihmiset ajoissa", "Löytää tukea tarvitsevat ennen kriisiä."),
                ("Kunnioitus ja suostumus", "Ihmiset päättävät itse tiedoistaan ja yhteydenpidosta."),
                (
                    "Toimii olemassa olevien palvelujen kanssa",
                    "Johtaa olemassa olevaan apuun ilman uutta siiloa.",
                ),
                ("Voisi kattaa koko Espoon", "Laajenisi koko kaupunkiin, jos toimii."),
            ],
        },
        "sv": {
            "title": "Proaktivt stöd för invånare i riskzonen",
            "summary": (
                "En del invånare behöver hjälp långt innan de ber om den: efter att ha förlorat jobbet, en "
                "partner eller hälsan. Hur kunde staden nå dem i tid och med respekt?"
            ),
            "description": """Många av stadens tjänster väntar på att människor ska komma till dem. Ändå kommer de
som skulle ha mest nytta, såsom ensamma äldre eller familjer under plötslig press, ofta först när
läget redan är svårt.

Den här utmaningen ber **först om idéer**: vilka tecken kunde visa att någon kanske behöver stöd,
vem kunde märka dem och hur borde staden ta kontakt så att det känns som hjälp och inte som
övervakning? De bästa idéerna formar ansökan om försök som följer.

Kärnan är att humanisera data: data som används för att bygga tjänster kring människor, alltid med
deras samtycke och öppet.""",
            "offers_data": "Statistik över användningen av tjänster per område och åldersgrupp (sammanställd, inga personuppgifter).",
            "offers_sites": "Bibliotek, seniorcenter och familjecenter i varje storområde.",
            "offers_staff": "Socialarbetare och ett dataskyddsombud som ger råd till varje försök.",
            "eligibility": (
                "Vem som helst kan föreslå idéer. Försök: sammanslutningar, föreningar, företag och forskargrupper."
            ),
            "criteria": [
                ("Når människor tidigt", "Hittar dem som behöver stöd före en kris."),
                ("Respekt och samtycke", "Människor bestämmer själva över sina uppgifter och kontakten."),
                ("Fungerar med befintliga tjänster", "Leder till hjälp som finns, utan en ny silo."),
                ("Kunde täcka hela Esbo", "Skulle kunna utvidgas till hela staden om det fungerar."),
            ],
        },
    },
    "iso-omena": {
        "fi": {
            "title": "Ison Omenan palvelutori kokeilualustana",
            "summary": (
                "Kauppakeskus Ison Omenan palvelutori palvelee tuhansia kävijöitä päivässä. Se on avoinna "
                "kokeiluille, jotka tekevät julkisista palveluista helpommin löydettäviä ja käytettäviä."
            ),
            "description": """Ison Omenan palvelutori Matinkylässä kokoaa saman katon alle kirjaston, terveys- ja
sosiaalipalvelut, nuorisopalvelut, neuvolan ja asiakaspalvelun yhdessä Suomen vilkkaimmista
kauppakeskuksista, metron vieressä.

Kaupunki avaa palvelutorin **elävänä laboratoriona**: kokeiluissa voi testata opasteita, jonotusta,
ajanvarausta, monikielistä ohjausta tai uusia palveluja yhdessä kävijöiden ja henkilöstön kanssa ja
mitata, mikä muuttuu.

Valitut kokeilut ovat nyt käynnissä. Kävijät voivat osallistua ja antaa palautetta paikan päällä.""",
            "site": "Ison Omenan palvelutori",
            "offers_data": (
                "Kävijämäärät tunneittain ja palveluittain, jonotusajat ja palvelutorin anonymisoitu palaute."
            ),
            "offers_sites": "Tilaa palvelutorin aulasta ja kirjastosta sekä näytöt sen seinillä.",
            "offers_staff": "Palvelutorin esihenkilö ja isäntä jokaisesta palvelusta kokeilun ajaksi.",
            "eligibility": "Yritykset, startupit, yhteisöt ja tutkimusryhmät.",
            "criteria": [
                ("Hyöty kävijöille", "Tekee käynnistä helpomman, nopeamman tai mukavamman."),
                ("Sopii paikkaan", "Toimii vilkkaassa julkisessa tilassa ja sen aukioloaikoina."),
                ("Ottaa asukkaat mukaan", "Kävijät auttavat muotoilemaan ja arvioimaan kokeilua."),
                ("Mitattavat tulokset", "Selkeät tavoitteet ja tapa mitata ne."),
            ],
        },
        "sv": {
            "title": "Servicetorget i Iso Omena som försöksplats",
            "summary": (
                "Servicetorget i köpcentret Iso Omena betjänar tusentals besökare om dagen. Det är öppet för "
                "försök som gör offentliga tjänster lättare att hitta och använda."
            ),
            "description": """Servicetorget i Iso Omena i Mattby samlar ett bibliotek, hälso- och socialtjänster,
ungdomstjänster, en rådgivningsbyrå och kundtjänst under samma tak, i ett av Finlands livligaste
köpcentrum, intill metron.

Staden öppnar servicetorget som ett **levande laboratorium**: försöken kan pröva vägvisning, köer,
tidsbokning, flerspråkig vägledning eller nya tjänster tillsammans med besökare och personal, och
mäta vad som förändras.

De valda försöken pågår nu. Besökarna kan delta och ge respons på plats.""",
            "site": "Servicetorget i Iso Omena",
            "offers_data": (
                "Besökarantal per timme och tjänst, kötider och anonymiserad respons från servicetorget."
            ),
            "offers_sites": "Utrymme i servicetorgets lobby och bibliotek samt skärmar på dess väggar.",
            "offers_staff": "Servicetorgets chef och en värd från varje tjänst under försöksperioden.",
            "eligibility": "Företag, startupföretag, sammanslutningar och forskargrupper.",
            "criteria": [
                ("Nytta för besökarna", "Gör besöket enklare, snabbare eller trevligare."),
                ("Passar platsen", "Fungerar i ett livligt offentligt rum och under dess öppettider."),
                ("Involverar invånarna", "Besökarna hjälper till att utforma och bedöma försöket."),
                ("Mätbara resultat", "Tydliga mål och ett sätt att mäta dem."),
            ],
        },
    },
    "school-food-waste": {
        "fi": {
            "title": "Vähemmän ruokahävikkiä koulujen keittiöissä",
            "summary": (
                "Espoon koulut tarjoavat noin 40 000 lounasta päivässä. Kokeiluissa etsittiin keinoja "
                "heittää niistä vähemmän pois."
            ),
            "description": """Noin kymmenesosa koulukeittiöissä valmistetusta ruoasta päätyi hävikiksi. Kaupunki
haki kokeiluja, jotka auttavat keittiöitä valmistamaan oikeat määrät ja oppilaita ottamaan sen,
minkä he syövät.

Kevätlukukaudella Leppävaaran kouluissa oli käynnissä kolme kokeilua: keittiöiden
ennustetyökalu, lautashävikin mittaus oppilaiden kanssa ja ruokalistaäänestys. **Haaste on
päättynyt**; kokeilujen tulokset on julkaistu niiden sivuilla.""",
            "offers_data": "Päivittäiset ateriamäärät ja punnittu hävikki koulukeittiöittäin.",
            "offers_sites": "Leppävaaran koulujen keittiöt ja ruokalat.",
            "offers_staff": "Keittiöiden esihenkilöt ja ravitsemusasiantuntija.",
            "eligibility": "Yritykset, startupit ja tutkimusryhmät; oppilaskunnat kumppaneina.",
            "criteria": [
                ("Vähemmän hävikkiä", "Kuinka paljon kokeilu voisi vähentää ruokahävikkiä."),
                ("Oppilaat mukana", "Oppilaat osallistuvat suunnitteluun ja toteutukseen."),
                ("Helppo keittiöille", "Sopii keittiöhenkilöstön työpäivään."),
            ],
        },
        "sv": {
            "title": "Mindre matsvinn i skolköken",
            "summary": (
                "Esbos skolor serverar omkring 40 000 luncher om dagen. Försöken prövade sätt att kasta "
                "mindre av dem."
            ),
            "description": """Ungefär en tiondel av maten som lagades i skolköken blev svinn. Staden sökte försök
som hjälper köken att laga rätt mängder och eleverna att ta det de äter.

Under vårterminen pågick tre försök i Alberga skolor: ett prognosverktyg för köken, mätning av
tallrikssvinn tillsammans med eleverna och en omröstning om matsedeln. **Utmaningen har avslutats**;
försökens resultat är publicerade på deras sidor.""",
            "offers_data": "Dagliga antal måltider och vägt svinn per skolkök.",
            "offers_sites": "Skolkök och matsalar i Alberga.",
            "offers_staff": "Kökschefer och en näringsexpert.",
            "eligibility": "Företag, startupföretag och forskargrupper; elevkårer som partner.",
            "criteria": [
                ("Mindre svinn", "Hur mycket försöket kunde minska matsvinnet."),
                ("Eleverna med", "Eleverna deltar i att planera och genomföra det."),
                ("Enkelt för köken", "Passar kökspersonalens arbetsdag."),
            ],
        },
    },
    "welcome": {
        "fi": {
            "title": "Uusien asukkaiden vastaanotto heidän omalla kielellään",
            "summary": (
                "Espooseen muuttaa vuosittain tuhansia ihmisiä, moni ulkomailta. Mikä auttaisi heitä "
                "löytämään tiensä, naapurinsa ja kaupungin palvelut ensimmäisinä kuukausina?"
            ),
            "description": """Espoo kasvaa useilla tuhansilla asukkailla vuodessa, ja joka viides puhuu kotonaan
muuta kieltä kuin suomea tai ruotsia. Ensimmäiset kuukaudet ratkaisevat paljon: päivähoidon,
lääkärin, työn, harrastusten ja ystävien löytäminen.

Ideointi alkaa pian. Kysymme asukkailta, ennen kaikkea uusilta espoolaisilta, mikä olisi auttanut
heitä, ja kutsumme sitten kokeiluja.""",
            "offers_sites": "International House Espoo ja kirjastot.",
            "offers_staff": "Kotoutumiskoordinaattoreita, jotka puhuvat kymmentä kieltä.",
            "criteria": [
                (
                    "Auttaa ensimmäisinä kuukausina",
                    "Käytännön apua siellä, missä uudet asukkaat sitä eniten tarvitsevat.",
                ),
                ("Monella kielellä", "Tavoittaa ihmiset heidän omalla kielellään."),
                ("Luo yhteyksiä", "Tuo uudet asukkaat ja naapurit yhteen."),
            ],
        },
        "sv": {
            "title": "Att välkomna nya invånare på deras eget språk",
            "summary": (
                "Tusentals människor flyttar till Esbo varje år, många från utlandet. Vad skulle hjälpa dem "
                "att hitta vägen, sina grannar och stadens tjänster under de första månaderna?"
            ),
            "description": """Esbo växer med flera tusen invånare om året, och var femte talar ett annat språk än
finska eller svenska hemma. De första månaderna avgör mycket: att hitta dagvård, läkare, arbete,
fritidsintressen och vänner.

Idéinsamlingen börjar snart. Vi frågar invånarna, framför allt nyinflyttade, vad som skulle ha
hjälpt dem, och bjuder sedan in försök.""",
            "offers_sites": "International House Espoo och biblioteken.",
            "offers_staff": "Integrationskoordinatorer som talar ett dussin språk.",
            "criteria": [
                ("Hjälper de första månaderna", "Praktisk hjälp där nyinflyttade behöver den mest."),
                ("På många språk", "Når människor på deras eget språk."),
                ("Skapar kontakter", "För samman nyinflyttade och grannar."),
            ],
        },
    },
    "school-routes": {
        "fi": {
            "title": "Turvalliset koulureitit Kauklahdessa",
            "summary": "Kauklahti kasvaa nopeasti, ja niin kasvaa liikenne koulujen ympärillä. Luonnos on vielä valmisteilla.",
            "description": """Luonnos: kuraattorit keräävät vielä liikennetietoja ja keskustelevat koulujen ja
vanhempien kanssa ennen kuin haaste julkaistaan.""",
            "criteria": [
                ("Turvallisuus", "Vähemmän vaarallisia kohtia koulumatkalla."),
                ("Lapset kävelevät ja pyöräilevät enemmän", "Useampi oppilas kulkee omin jaloin."),
                ("Vanhemmat ja oppilaat mukana", "Suunniteltu reittejä käyttävien kanssa."),
            ],
        },
        "sv": {
            "title": "Trygga skolvägar i Köklax",
            "summary": "Köklax växer snabbt, och det gör också trafiken kring skolorna. Ett utkast som ännu bereds.",
            "description": """Utkast: kuratorerna samlar ännu in trafikdata och talar med skolor och föräldrar
innan utmaningen publiceras.""",
            "criteria": [
                ("Säkerhet", "Färre farliga ställen på skolvägen."),
                ("Barnen går och cyklar mer", "Fler elever tar sig fram till fots eller på cykel."),
                ("Föräldrar och elever med", "Planerat med dem som använder vägarna."),
            ],
        },
    },
}
