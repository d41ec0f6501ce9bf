"""The demo city: plausible departments of Stad Gent and OCMW Gent (fictional data)."""

# (name, organisation, cluster, welfare decree)
DEMO_DEPARTMENTS = [
    ("Bibliotheek De Krook", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("STAM - Stadsmuseum Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Design Museum Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("MSK - Museum voor Schone Kunsten", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Huis van Alijn", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Industriemuseum", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Historische Huizen Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Archief Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Dienst Kunsten", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Sportdienst", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Dienst Feesten en Evenementen", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Dienst Toerisme", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Jeugddienst", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Dienst Kinderopvang", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Onderwijscentrum Gent", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Stedelijke speelpleinwerking", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Groendienst", "stad", "Publieke Ruimte", False),
    ("Stedelijke kinderboerderijen", "stad", "Publieke Ruimte", False),
    ("Dienst Milieu en Klimaat", "stad", "Stedelijke Ontwikkeling", False),
    ("Dienst Wonen", "stad", "Stedelijke Ontwikkeling", False),
    ("Dienst Outreachend Werken", "stad", "Welzijn en Samenleving", False),
    ("Dienst Welzijn en Gelijke Kansen", "stad", "Welzijn en Samenleving", False),
    ("Dienst Buurtwerk", "stad", "Welzijn en Samenleving", False),
    ("Gezondheidsdienst", "stad", "Welzijn en Samenleving", False),
    ("Dienst Noord-Zuid", "stad", "Welzijn en Samenleving", False),
    ("Dienst Diversiteit en Inburgering", "stad", "Welzijn en Samenleving", False),
    ("Dierenasiel Gent", "stad", "Welzijn en Samenleving", False),
    ("WZC Zonnebloem", "ocmw", "Zorg", True),
    ("WZC De Vijvers", "ocmw", "Zorg", True),
    ("WZC Het Heiveld", "ocmw", "Zorg", True),
    ("WZC Apostelhuizen", "ocmw", "Zorg", True),
    ("WZC De Liberteyt", "ocmw", "Zorg", True),
    ("WZC Wielewaal", "ocmw", "Zorg", True),
    ("WZC De Horizon", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Ledeberg", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Macharius", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum De Vlaschaard", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Wibier", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Sint-Amandsberg", "ocmw", "Zorg", True),
    ("Thuiszorg OCMW Gent", "ocmw", "Zorg", True),
    ("Sociale Dienst OCMW", "ocmw", "Sociale Dienstverlening", False),
    ("Sociaal restaurant De Kiosk", "ocmw", "Sociale Dienstverlening", False),
    ("Dienst Schuldbemiddeling", "ocmw", "Sociale Dienstverlening", False),
    ("Onthaalbalie Sociaal Huis", "ocmw", "Sociale Dienstverlening", False),
]

DEMO_CONSULTANTS = [
    ("adjunct-directeur", "Katrien", "Van Damme"),
    ("consulent1", "Pieter", "De Smet"),
    ("consulent2", "Elif", "Yilmaz"),
    ("consulent3", "Sofie", "Claeys"),
    ("consulent4", "Jonas", "Vermeulen"),
]

COORDINATOR_NAMES = [
    ("An", "Peeters"), ("Bram", "Janssens"), ("Charlotte", "Maes"), ("Dirk", "Jacobs"),
    ("Emma", "Mertens"), ("Fatima", "El Amrani"), ("Geert", "Willems"), ("Hanne", "Goossens"),
    ("Ilse", "Wouters"), ("Jan", "De Clercq"), ("Karim", "Bouzid"), ("Lotte", "Dubois"),
    ("Mieke", "Lambrecht"), ("Nico", "Hermans"), ("Olga", "Nowak"), ("Pieter", "Desmet"),
]

DEMO_PASSWORD = "gent-demo-2024"  # noqa: S105 - a printed demo login, refused in production
