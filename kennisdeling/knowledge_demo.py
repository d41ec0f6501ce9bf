"""The demo's knowledge base and consultation meetings (kennisdeling's part of `seed_demo`):
real-sounding Dutch articles, templates to download, FAQ entries, their links to the
framework's requirements, and two meetings with departments and decisions. Fictional text
written for the demo from the facts in the domain reference; nothing here is legal advice.

The templates are small OpenDocument text files (ODT) built here with `zipfile`: the open
format the city's office software opens, with no library needed to write it.
"""

import datetime
import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from beleid.models import Department

from . import knowledge_services, meeting_services
from .knowledge_services import ArticleInput
from .meeting_services import MeetingInput
from .models import Article, Category, Meeting

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"

CATEGORIES = [
    ("visie-en-beleid", "Visie en beleid"),
    ("onthaal", "Onthaal"),
    ("verzekering", "Verzekering"),
    ("meldingsplicht", "Meldingsplicht"),
    ("privacy", "Privacy"),
]

# (kind, category, title, summary, tags, requirement codes, body or template lines); an
# article's address is made from its title (see the links between them).
ARTICLES = [
    ("article", "visie-en-beleid",
     "Een visie op vrijwilligerswerk schrijven",
     "Waarom werkt jouw dienst met vrijwilligers, en wat verwacht je van elkaar? "
     "Zo schrijf je het op in één pagina.",
     ["visie", "stappenplan"], ["VIS-01", "VIS-02", "VIS-03", "VIS-04"],
     """Een visie is geen lang beleidsplan. Het is een korte tekst waarin je dienst zegt
**waarom** ze met vrijwilligers werkt en **hoe** ze dat doet.

## Vier vragen om mee te beginnen

1. Wat voegt een vrijwilliger toe aan wat onze medewerkers doen?
2. Welke taken doen vrijwilligers, en welke nooit (vrijwilligerswerk vult betaald werk aan,
   het vervangt het niet)?
3. Wat mag een vrijwilliger van ons verwachten: onthaal, begeleiding, vorming, waardering?
4. Wat verwachten wij van de vrijwilliger?

## Samen schrijven

Schrijf de visie niet alleen: bespreek een eerste versie op het teamoverleg en vraag een paar
vrijwilligers wat ze ervan vinden. Laat de tekst daarna goedkeuren door je leidinggevende en
deel hem met iedereen die met vrijwilligers werkt.

Gebruik het [sjabloon visietekst](/kennisdeling/kennis/artikel/sjabloon-visietekst/) als
vertrekpunt."""),
    ("article", "onthaal",
     "De organisatienota: wat moet erin?",
     "De wet op het vrijwilligerswerk verplicht je om elke vrijwilliger vóór de start te "
     "informeren. Dit is wat er in de nota moet staan.",
     ["onthaal", "wetgeving"], ["ONB-01", "ONB-02"],
     """Volgens de wet van 3 juli 2005 (artikel 4) informeer je elke vrijwilliger **vóór de
start** over:

- het doel van je organisatie en haar juridisch statuut (een lokaal bestuur);
- de verzekeringen: burgerlijke aansprakelijkheid en de polis lichamelijke ongevallen van
  de stad;
- of en hoe onkosten vergoed worden (forfaitair of reële kosten);
- de discretieplicht, en het beroepsgeheim waar dat geldt.

De vorm is vrij, maar je moet kunnen **bewijzen** dat je de vrijwilliger geïnformeerd hebt.
Een gedateerde handtekening op de nota is het gebruikelijke bewijs: bewaar ze bij de gegevens
van de vrijwilliger en registreer in het register dat de nota gegeven is.

Vertrek van het [model organisatienota](/kennisdeling/kennis/artikel/model-organisatienota/)."""),
    ("article", "meldingsplicht",
     "Meldingsplicht en het formulier C45B",
     "Een vrijwilliger met een werkloosheidsuitkering meldt het vrijwilligerswerk vooraf aan "
     "de RVA met het formulier C45B.",
     ["meldingsplicht", "uitkering"], ["INT-02"],
     """Veel vrijwilligers krijgen een uitkering. Wie werkloos is, meldt het vrijwilligerswerk
**vóór de start** aan de RVA, via de uitbetalingsinstelling, met het formulier **C45B**.

| situatie | aan wie | hoe |
|---|---|---|
| werkloos | RVA via de uitbetalingsinstelling | formulier C45B (deel I en deel II) |
| arbeidsongeschikt | adviserend arts van het ziekenfonds | formulier van het ziekenfonds |
| leefloon | maatschappelijk werker van het OCMW | informeren |

Na het indienen mag de vrijwilliger starten. De directeur van het werkloosheidsbureau heeft
**12 werkdagen** om te weigeren of te beperken; geen antwoord betekent toestemming. Veranderen
de taken of de frequentie, dan vul je een nieuw formulier in.

Het register noteert *dat* en *wanneer* de melding gebeurde, nooit medische of financiële
details."""),
    ("article", "verzekering",
     "De verzekering lichamelijke ongevallen van de stad",
     "Elke actieve vrijwilliger staat vanaf de eerste dag op de polis lichamelijke ongevallen.",
     ["verzekering", "register"], ["VRZ-01", "VRZ-02", "VRZ-03", "VRZ-04"],
     """De stad is als lokaal bestuur verplicht verzekerd voor de **burgerlijke
aansprakelijkheid** van haar vrijwilligers. Daarnaast heeft Gent een eigen polis
**lichamelijke ongevallen**.

- Registreer elke vrijwilliger in het register vóór de eerste activiteit: dan staat hij of
  zij vanaf dag één op de polis.
- Beëindig het engagement in het register wanneer iemand stopt: het Vrijwilligerspunt meldt
  de vrijwilliger dan af bij de verzekeraar.
- Een ongeval meld je binnen de week aan het Vrijwilligerspunt, met het aangifteformulier.

De verzekeraar kent vrijwilligers aan hun naam en geboortedatum; het rijksregisternummer
vragen we alleen als de verzekeraar het eist."""),
    ("article", "privacy",
     "Privacy: welke gegevens van vrijwilligers mag je bewaren?",
     "Verzamel alleen wat je nodig hebt, zeg de vrijwilliger wat je bijhoudt, en bewaar het "
     "niet langer dan nodig.",
     ["privacy", "AVG"], ["ONB-04", "EXT-02"],
     """De AVG vraagt dat je alleen gegevens verzamelt die je echt nodig hebt. Voor een
vrijwilliger is dat meestal: naam, adres, telefoon, e-mail, geboortedatum en een contactpersoon
in noodgevallen.

- Het **rijksregisternummer** bewaar je alleen als de verzekeraar het vraagt.
- Gegevens over een **uitkering** rusten op toestemming: alleen de eigen dienst en het
  Vrijwilligerspunt zien ze.
- Vertel vrijwilligers wat je bijhoudt, met de
  [privacyverklaring](/kennisdeling/kennis/artikel/privacyverklaring-voor-vrijwilligers/)
  waarnaar de organisatienota verwijst.
- Na het einde van het engagement worden de gegevens na een vaste termijn geanonimiseerd; de
  lijsten met onkostenvergoedingen bewaar je zeven jaar."""),
    ("template", "onthaal", "Model organisatienota",
     "Het model van de stad: vul de gegevens van je dienst in en laat de vrijwilliger "
     "tekenen voor ontvangst.",
     ["onthaal", "sjabloon"], ["ONB-01", "ONB-02"],
     ["Organisatienota voor vrijwilligers", "Dienst: ...",
      "Doel van de organisatie: ...",
      "Juridisch statuut: lokaal bestuur (Stad Gent / OCMW Gent).",
      "Verzekeringen: burgerlijke aansprakelijkheid en lichamelijke ongevallen (polis van de "
      "stad).",
      "Onkostenvergoeding: geen / forfaitair / reële kosten (schrappen wat niet past).",
      "Discretieplicht en, waar van toepassing, beroepsgeheim (art. 458 Strafwetboek).",
      "Voor ontvangst, datum en handtekening van de vrijwilliger: ..."]),
    ("template", "onthaal", "Model afsprakennota",
     "Voor diensten onder het welzijnsdecreet: de ondertekende afsprakennota.",
     ["onthaal", "sjabloon", "welzijnsdecreet"], ["ONB-03"],
     ["Afsprakennota", "Vrijwilliger: naam, adres, telefoon, e-mail, geboortedatum.",
      "Contactpersoon in noodgevallen: ...", "Taken en uren: ...",
      "Aanspreekpunt in de dienst: ...", "Proefperiode en evaluatie: ...",
      "Datum en handtekening van de vrijwilliger en van de dienst: ..."]),
    ("template", "visie-en-beleid", "Sjabloon visietekst",
     "Een pagina met de vier vragen van een visie, om samen in te vullen.",
     ["visie", "sjabloon"], ["VIS-01"],
     ["Onze visie op het werken met vrijwilligers",
      "Waarom werken wij met vrijwilligers? ...",
      "Welke taken doen vrijwilligers bij ons, en welke niet? ...",
      "Wat mag een vrijwilliger van ons verwachten? ...",
      "Wat verwachten wij van een vrijwilliger? ...",
      "Goedgekeurd door ... op ..."]),
    ("template", "meldingsplicht",
     "Leidraad bij het formulier C45B",
     "Stap voor stap: deel II van het formulier C45B invullen als organisatie.",
     ["meldingsplicht", "uitkering", "sjabloon"], ["INT-02"],
     ["Leidraad bij het formulier C45B (deel II: de organisatie)",
      "1. De vrijwilliger vult deel I in; de dienst vult deel II in.",
      "2. Naam en adres van de organisatie: Stad Gent, met de naam van je dienst.",
      "3. Beschrijf de taken, de plaats en de frequentie zo concreet mogelijk.",
      "4. Vermeld de onkostenvergoeding (forfaitair of reële kosten).",
      "5. De vrijwilliger bezorgt het formulier aan de uitbetalingsinstelling.",
      "6. Noteer in het register de datum van indienen; wacht 12 werkdagen op een antwoord."]),
    ("template", "privacy",
     "Privacyverklaring voor vrijwilligers",
     "De privacyverklaring waarnaar de organisatienota verwijst.",
     ["privacy", "AVG", "sjabloon"], ["ONB-04"],
     ["Privacyverklaring voor vrijwilligers van Stad en OCMW Gent",
      "Welke gegevens: naam, adres, telefoon, e-mail, geboortedatum, contactpersoon.",
      "Waarom: je engagement opvolgen en je verzekeren tegen ongevallen.",
      "Wie ziet ze: je eigen dienst en het Vrijwilligerspunt; de verzekeraar je naam en "
      "geboortedatum.",
      "Hoe lang: tot een vaste termijn na het einde van je engagement.",
      "Je rechten: inzage, verbetering, wissen; vragen aan de functionaris voor "
      "gegevensbescherming."]),
    ("faq",
     "meldingsplicht", "Mag een vrijwilliger met een werkloosheidsuitkering meteen starten?",
     "Ja, zodra het formulier C45B ingediend is. De RVA heeft daarna 12 werkdagen om te "
     "weigeren of te beperken.",
     ["meldingsplicht", "uitkering"], ["INT-02"],
     """Ja: zodra het formulier **C45B** bij de uitbetalingsinstelling ingediend is, mag de
vrijwilliger starten. De directeur van het werkloosheidsbureau heeft 12 werkdagen om het
vrijwilligerswerk te weigeren of te beperken. Zonder antwoord geldt het als toegestaan.
Zie ook [Meldingsplicht en het formulier C45B](
/kennisdeling/kennis/artikel/meldingsplicht-en-het-formulier-c45b/)."""),
    ("faq", "verzekering",
     "Is een vrijwilliger verzekerd op weg naar de activiteit?",
     "Ja, de polis lichamelijke ongevallen dekt ook de weg van en naar het vrijwilligerswerk, "
     "op voorwaarde dat de vrijwilliger geregistreerd is.",
     ["verzekering"], ["VRZ-02"],
     """Ja. De polis lichamelijke ongevallen van de stad dekt de activiteit en de weg van en
naar het vrijwilligerswerk, **als de vrijwilliger in het register staat** vóór de eerste
activiteit. Meld een ongeval binnen de week aan het Vrijwilligerspunt."""),
    ("faq", "visie-en-beleid",
     "Hoeveel onkostenvergoeding mag een vrijwilliger krijgen?",
     "In 2025 forfaitair maximaal 42,31 euro per dag en 1.692,51 euro per jaar, over alle "
     "organisaties samen.",
     ["onkosten"], ["BGL-02"],
     """Een forfaitaire vergoeding is in 2025 begrensd op **42,31 euro per dag** en
**1.692,51 euro per jaar** (voor zorg, sport en vervoer geldt een hoger jaarplafond van
3.108,44 euro, niet voor wie een uitkering krijgt). De plafonds gelden voor alle organisaties
samen waarvoor iemand vrijwilligerswerk doet, dus voor alle diensten van de stad samen. Boven
het plafond wordt alles belastbaar loon."""),
    ("faq", "onthaal",
     "Moet elke vrijwilliger een afsprakennota tekenen?",
     "Alleen in diensten onder het Vlaamse welzijnsdecreet; elders volstaat de "
     "organisatienota met bewijs van ontvangst.",
     ["onthaal", "welzijnsdecreet"], ["ONB-03"],
     """Een **ondertekende afsprakennota** is verplicht in de diensten die onder het Vlaamse
welzijnsdecreet vallen (zoals woonzorgcentra). Andere diensten informeren elke vrijwilliger
met de organisatienota en bewaren het bewijs van ontvangst. Gebruik het
[model afsprakennota](/kennisdeling/kennis/artikel/model-afsprakennota/)."""),
]

# The article last reviewed long ago: the demo shows it as "to review".
LONG_AGO_REVIEWED = ("is-een-vrijwilliger-verzekerd-op-weg-naar-de-activiteit", 430)

MEETINGS = [
    (datetime.date(2024, 3, 19), "Lerend netwerk vrijwilligerscoördinatoren – voorjaar 2024",
     ["Bibliotheek De Krook", "Sportdienst", "Dienst Buurtwerk", "WZC Zonnebloem",
      "Lokaal dienstencentrum Ledeberg"],
     "1. Welkom en kennismaking\n2. Het nieuwe minimaal kader\n3. Vorming voor coördinatoren"
     "\n4. Rondvraag",
     "De diensten stellen zich voor. Het Vrijwilligerspunt licht het **minimaal kader** toe: "
     "elke dienst vertaalt de vereisten naar de eigen werking.\n\n"
     "De woonzorgcentra vragen een model afsprakennota; de bibliotheek deelt haar visietekst "
     "als voorbeeld.",
     ["Het Vrijwilligerspunt zet een model afsprakennota in de kennisbank.",
      "Elke dienst duidt één vrijwilligerscoördinator aan als aanspreekpunt.",
      "Het volgende lerend netwerk gaat over verzekering en meldingsplicht."]),
    (datetime.date(2024, 10, 8), "Overleg verzekering en meldingsplicht",
     ["WZC Zonnebloem", "WZC De Vijvers", "Sociale Dienst OCMW", "Dienst Buurtwerk",
      "Thuiszorg OCMW Gent"],
     "- De polis lichamelijke ongevallen: aanmelden vanaf dag één\n- Het formulier C45B\n"
     "- Vragen van de diensten",
     "Het Vrijwilligerspunt toont hoe het register de vrijwilligers aanmeldt bij de "
     "verzekeraar. Meerdere diensten melden dat vrijwilligers met een uitkering soms starten "
     "vóór de C45B ingediend is.",
     ["Elke dienst registreert een nieuwe vrijwilliger vóór de eerste activiteit.",
      "De leidraad bij het formulier C45B komt in de kennisbank.",
      "Het register waarschuwt wanneer een melding ontbreekt."]),
]


def odt_document(lines: list[str]) -> bytes:
    """A small OpenDocument text: the first line as a heading, the others as paragraphs."""
    heading, *paragraphs = lines
    body = f'<text:h text:outline-level="1">{escape(heading)}</text:h>' + "".join(
        f"<text:p>{escape(line)}</text:p>" for line in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as odt:
        # The mimetype comes first and uncompressed: that is how a reader recognises an ODT.
        odt.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        odt.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        odt.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@transaction.atomic
def seed_knowledge(*, author_username: str = "adjunct-directeur") -> dict[str, int]:
    """Create (once) the demo's categories, articles, templates, FAQ and meetings, through the
    services (with their versions and audit events). A second call creates nothing."""
    author = get_user_model().objects.filter(username=author_username).first()
    if author is None:
        return {"articles": 0, "meetings": 0}
    categories = {
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": n})[0]
        for n, (slug, name) in enumerate(CATEGORIES)
    }
    existing = set(Article.objects.values_list("slug", flat=True))
    articles = 0
    for kind, category, title, summary, tags, codes, content in ARTICLES:
        slug = slugify(title)
        if slug in existing:
            continue
        is_template = kind == Article.Kind.TEMPLATE
        knowledge_services.article_create(actor=author, data=ArticleInput(
            kind=kind, title=title, summary=summary, owner=author,
            body=("\n\n".join(content[1:]) if is_template else content),
            category=categories[category], tag_names=tags, status=Article.Status.PUBLISHED,
            requirement_codes=codes,
            file=ContentFile(odt_document(content), name=f"{slug}.odt") if is_template else None,
        ))
        articles += 1
    if articles:
        slug, days = LONG_AGO_REVIEWED
        # Demo data only: one article as if last reviewed well over a year ago.
        Article.objects.filter(slug=slug).update(
            last_reviewed_on=timezone.localdate() - datetime.timedelta(days=days))
    by_name = {d.name: d for d in Department.objects.filter(
        name__in={name for _, _, names, *_ in MEETINGS for name in names})}
    meetings = 0
    for date, title, names, agenda, minutes, decisions in MEETINGS:
        if Meeting.objects.filter(date=date, title=title).exists():
            continue
        meeting_services.meeting_record(actor=author, data=MeetingInput(
            date=date, title=title, agenda=agenda, minutes=minutes,
            departments=[by_name[name] for name in names if name in by_name],
            decisions=decisions,
        ))
        meetings += 1
    return {"articles": articles, "meetings": meetings}
