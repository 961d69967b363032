"""The demo's places: the national and local members of the synthetic partnership (names,
countries, regions, member since) and how a scale chooses among them, with their commitment
prefixes."""

import unicodedata
from dataclasses import dataclass

from demo.base import LOCALS_AT_SCALE_1, weighted
from members.models import Member

# (name, ISO 3166 code, region key, member since)
NATIONALS = [
    ("Kenya", "KE", "af", 2011),
    ("South Africa", "ZA", "af", 2011),
    ("Ghana", "GH", "af", 2011),
    ("Liberia", "LR", "af", 2011),
    ("Tanzania", "TZ", "af", 2011),
    ("Nigeria", "NG", "af", 2016),
    ("Morocco", "MA", "af", 2018),
    ("Tunisia", "TN", "af", 2014),
    ("Jordan", "JO", "af", 2011),
    ("Sierra Leone", "SL", "af", 2014),
    ("Côte d'Ivoire", "CI", "af", 2015),
    ("Burkina Faso", "BF", "af", 2016),
    ("Cabo Verde", "CV", "af", 2016),
    ("Malawi", "MW", "af", 2013),
    ("Senegal", "SN", "af", 2018),
    ("Seychelles", "SC", "af", 2019),
    ("Israel", "IL", "af", 2011),
    ("Benin", "BJ", "af", 2023),
    ("Argentina", "AR", "am", 2012),
    ("Brazil", "BR", "am", 2011),
    ("Canada", "CA", "am", 2011),
    ("Chile", "CL", "am", 2011),
    ("Colombia", "CO", "am", 2011),
    ("Costa Rica", "CR", "am", 2012),
    ("Dominican Republic", "DO", "am", 2011),
    ("Ecuador", "EC", "am", 2018),
    ("El Salvador", "SV", "am", 2011),
    ("Guatemala", "GT", "am", 2011),
    ("Honduras", "HN", "am", 2011),
    ("Jamaica", "JM", "am", 2016),
    ("Mexico", "MX", "am", 2011),
    ("Panama", "PA", "am", 2012),
    ("Paraguay", "PY", "am", 2011),
    ("Peru", "PE", "am", 2011),
    ("Uruguay", "UY", "am", 2011),
    ("United States", "US", "am", 2011),
    ("Australia", "AU", "ap", 2015),
    ("Indonesia", "ID", "ap", 2011),
    ("Philippines", "PH", "ap", 2011),
    ("Mongolia", "MN", "ap", 2013),
    ("New Zealand", "NZ", "ap", 2013),
    ("Sri Lanka", "LK", "ap", 2015),
    ("Pakistan", "PK", "ap", 2016),
    ("Papua New Guinea", "PG", "ap", 2015),
    ("Afghanistan", "AF", "ap", 2016),
    ("Kyrgyz Republic", "KG", "ap", 2017),
    ("Maldives", "MV", "ap", 2022),
    ("Albania", "AL", "eu", 2011),
    ("Armenia", "AM", "eu", 2011),
    ("Bosnia and Herzegovina", "BA", "eu", 2014),
    ("Bulgaria", "BG", "eu", 2011),
    ("Croatia", "HR", "eu", 2011),
    ("Czech Republic", "CZ", "eu", 2011),
    ("Denmark", "DK", "eu", 2011),
    ("Estonia", "EE", "eu", 2011),
    ("Finland", "FI", "eu", 2013),
    ("France", "FR", "eu", 2014),
    ("Georgia", "GE", "eu", 2011),
    ("Germany", "DE", "eu", 2016),
    ("Greece", "GR", "eu", 2011),
    ("Ireland", "IE", "eu", 2014),
    ("Italy", "IT", "eu", 2011),
    ("Latvia", "LV", "eu", 2011),
    ("Lithuania", "LT", "eu", 2011),
    ("Luxembourg", "LU", "eu", 2019),
    ("Moldova", "MD", "eu", 2011),
    ("Montenegro", "ME", "eu", 2011),
    ("Netherlands", "NL", "eu", 2011),
    ("North Macedonia", "MK", "eu", 2011),
    ("Norway", "NO", "eu", 2011),
    ("Portugal", "PT", "eu", 2017),
    ("Romania", "RO", "eu", 2011),
    ("Serbia", "RS", "eu", 2012),
    ("Slovakia", "SK", "eu", 2011),
    ("Spain", "ES", "eu", 2011),
    ("Sweden", "SE", "eu", 2011),
    ("Ukraine", "UA", "eu", 2011),
]

# (city or region, country, ISO code, region key). The country is named as its national member
# where there is one; a local of a country without a national member has no parent.
LOCALS = [
    ("Elgeyo Marakwet", "Kenya", "KE", "af"),
    ("Makueni", "Kenya", "KE", "af"),
    ("Nairobi City County", "Kenya", "KE", "af"),
    ("Kakamega", "Kenya", "KE", "af"),
    ("Nandi", "Kenya", "KE", "af"),
    ("Mombasa", "Kenya", "KE", "af"),
    ("Kisumu", "Kenya", "KE", "af"),
    ("Sekondi-Takoradi", "Ghana", "GH", "af"),
    ("Accra", "Ghana", "GH", "af"),
    ("Kumasi", "Ghana", "GH", "af"),
    ("Tamale", "Ghana", "GH", "af"),
    ("Kigoma-Ujiji", "Tanzania", "TZ", "af"),
    ("Dar es Salaam", "Tanzania", "TZ", "af"),
    ("Kaduna State", "Nigeria", "NG", "af"),
    ("Lagos State", "Nigeria", "NG", "af"),
    ("Anambra State", "Nigeria", "NG", "af"),
    ("Plateau State", "Nigeria", "NG", "af"),
    ("Kano State", "Nigeria", "NG", "af"),
    ("Nasarawa State", "Nigeria", "NG", "af"),
    ("Tangier-Tetouan-Al Hoceima", "Morocco", "MA", "af"),
    ("Rabat", "Morocco", "MA", "af"),
    ("Marrakech", "Morocco", "MA", "af"),
    ("La Marsa", "Tunisia", "TN", "af"),
    ("Sfax", "Tunisia", "TN", "af"),
    ("Sousse", "Tunisia", "TN", "af"),
    ("Freetown", "Sierra Leone", "SL", "af"),
    ("Bo", "Sierra Leone", "SL", "af"),
    ("Abidjan", "Côte d'Ivoire", "CI", "af"),
    ("Ouagadougou", "Burkina Faso", "BF", "af"),
    ("Bobo-Dioulasso", "Burkina Faso", "BF", "af"),
    ("Praia", "Cabo Verde", "CV", "af"),
    ("Lilongwe", "Malawi", "MW", "af"),
    ("Dakar", "Senegal", "SN", "af"),
    ("Saint-Louis", "Senegal", "SN", "af"),
    ("Monrovia", "Liberia", "LR", "af"),
    ("Kampala", "Uganda", "UG", "af"),
    ("Gulu", "Uganda", "UG", "af"),
    ("Kigali", "Rwanda", "RW", "af"),
    ("Addis Ababa", "Ethiopia", "ET", "af"),
    ("Lusaka", "Zambia", "ZM", "af"),
    ("Johannesburg", "South Africa", "ZA", "af"),
    ("Cape Town", "South Africa", "ZA", "af"),
    ("eThekwini", "South Africa", "ZA", "af"),
    ("Amman", "Jordan", "JO", "af"),
    ("Irbid", "Jordan", "JO", "af"),
    ("Beirut", "Lebanon", "LB", "af"),
    ("Nouakchott", "Mauritania", "MR", "af"),
    ("Buenos Aires", "Argentina", "AR", "am"),
    ("Córdoba", "Argentina", "AR", "am"),
    ("Mendoza", "Argentina", "AR", "am"),
    ("Santa Fe", "Argentina", "AR", "am"),
    ("Rosario", "Argentina", "AR", "am"),
    ("São Paulo", "Brazil", "BR", "am"),
    ("Rio de Janeiro", "Brazil", "BR", "am"),
    ("Recife", "Brazil", "BR", "am"),
    ("Porto Alegre", "Brazil", "BR", "am"),
    ("Osasco", "Brazil", "BR", "am"),
    ("Contagem", "Brazil", "BR", "am"),
    ("Ontario", "Canada", "CA", "am"),
    ("Quebec", "Canada", "CA", "am"),
    ("Montreal", "Canada", "CA", "am"),
    ("Toronto", "Canada", "CA", "am"),
    ("Santiago", "Chile", "CL", "am"),
    ("Peñalolén", "Chile", "CL", "am"),
    ("Renca", "Chile", "CL", "am"),
    ("Bogotá", "Colombia", "CO", "am"),
    ("Nariño", "Colombia", "CO", "am"),
    ("Medellín", "Colombia", "CO", "am"),
    ("Cali", "Colombia", "CO", "am"),
    ("San José", "Costa Rica", "CR", "am"),
    ("Santo Domingo", "Dominican Republic", "DO", "am"),
    ("Quito", "Ecuador", "EC", "am"),
    ("Cuenca", "Ecuador", "EC", "am"),
    ("San Salvador", "El Salvador", "SV", "am"),
    ("Quetzaltenango", "Guatemala", "GT", "am"),
    ("Tegucigalpa", "Honduras", "HN", "am"),
    ("Kingston", "Jamaica", "JM", "am"),
    ("Jalisco", "Mexico", "MX", "am"),
    ("Nuevo León", "Mexico", "MX", "am"),
    ("Oaxaca", "Mexico", "MX", "am"),
    ("Mexico City", "Mexico", "MX", "am"),
    ("Guadalajara", "Mexico", "MX", "am"),
    ("Panama City", "Panama", "PA", "am"),
    ("Asunción", "Paraguay", "PY", "am"),
    ("La Libertad", "Peru", "PE", "am"),
    ("Lima", "Peru", "PE", "am"),
    ("Arequipa", "Peru", "PE", "am"),
    ("Montevideo", "Uruguay", "UY", "am"),
    ("Austin", "United States", "US", "am"),
    ("Philadelphia", "United States", "US", "am"),
    ("Boston", "United States", "US", "am"),
    ("Detroit", "United States", "US", "am"),
    ("Seattle", "United States", "US", "am"),
    ("Los Angeles", "United States", "US", "am"),
    ("Bojonegoro", "Indonesia", "ID", "ap"),
    ("Banggai", "Indonesia", "ID", "ap"),
    ("Semarang", "Indonesia", "ID", "ap"),
    ("Jakarta", "Indonesia", "ID", "ap"),
    ("Bandung", "Indonesia", "ID", "ap"),
    ("Sumedang", "Indonesia", "ID", "ap"),
    ("West Nusa Tenggara", "Indonesia", "ID", "ap"),
    ("Quezon City", "Philippines", "PH", "ap"),
    ("South Cotabato", "Philippines", "PH", "ap"),
    ("Larena", "Philippines", "PH", "ap"),
    ("Iloilo City", "Philippines", "PH", "ap"),
    ("Naga City", "Philippines", "PH", "ap"),
    ("Ulaanbaatar", "Mongolia", "MN", "ap"),
    ("Punjab", "Pakistan", "PK", "ap"),
    ("Khyber Pakhtunkhwa", "Pakistan", "PK", "ap"),
    ("Colombo", "Sri Lanka", "LK", "ap"),
    ("Victoria", "Australia", "AU", "ap"),
    ("New South Wales", "Australia", "AU", "ap"),
    ("Melbourne", "Australia", "AU", "ap"),
    ("Wellington", "New Zealand", "NZ", "ap"),
    ("Auckland", "New Zealand", "NZ", "ap"),
    ("Bishkek", "Kyrgyz Republic", "KG", "ap"),
    ("Osh", "Kyrgyz Republic", "KG", "ap"),
    ("Kathmandu", "Nepal", "NP", "ap"),
    ("Dhaka", "Bangladesh", "BD", "ap"),
    ("Tokyo", "Japan", "JP", "ap"),
    ("Bangkok", "Thailand", "TH", "ap"),
    ("Kerala", "India", "IN", "ap"),
    ("Chennai", "India", "IN", "ap"),
    ("Port Moresby", "Papua New Guinea", "PG", "ap"),
    ("Kabul", "Afghanistan", "AF", "ap"),
    ("Malé", "Maldives", "MV", "ap"),
    ("Suva", "Fiji", "FJ", "ap"),
    ("Dili", "Timor-Leste", "TL", "ap"),
    ("Incheon", "South Korea", "KR", "ap"),
    ("Busan", "South Korea", "KR", "ap"),
    ("Suwon", "South Korea", "KR", "ap"),
    ("Paris", "France", "FR", "eu"),
    ("Grenoble", "France", "FR", "eu"),
    ("Lyon", "France", "FR", "eu"),
    ("Nouvelle-Aquitaine", "France", "FR", "eu"),
    ("Madrid", "Spain", "ES", "eu"),
    ("Basque Country", "Spain", "ES", "eu"),
    ("Catalonia", "Spain", "ES", "eu"),
    ("Aragon", "Spain", "ES", "eu"),
    ("Valencia", "Spain", "ES", "eu"),
    ("A Coruña", "Spain", "ES", "eu"),
    ("Scotland", "United Kingdom", "GB", "eu"),
    ("Wales", "United Kingdom", "GB", "eu"),
    ("Manchester", "United Kingdom", "GB", "eu"),
    ("Tbilisi", "Georgia", "GE", "eu"),
    ("Batumi", "Georgia", "GE", "eu"),
    ("Kutaisi", "Georgia", "GE", "eu"),
    ("Akhaltsikhe", "Georgia", "GE", "eu"),
    ("Iași", "Romania", "RO", "eu"),
    ("Cluj-Napoca", "Romania", "RO", "eu"),
    ("Kyiv", "Ukraine", "UA", "eu"),
    ("Khmelnytskyi", "Ukraine", "UA", "eu"),
    ("Lviv", "Ukraine", "UA", "eu"),
    ("Tirana", "Albania", "AL", "eu"),
    ("Elbasan", "Albania", "AL", "eu"),
    ("Yerevan", "Armenia", "AM", "eu"),
    ("Gyumri", "Armenia", "AM", "eu"),
    ("Sarajevo", "Bosnia and Herzegovina", "BA", "eu"),
    ("Banja Luka", "Bosnia and Herzegovina", "BA", "eu"),
    ("Sofia", "Bulgaria", "BG", "eu"),
    ("Zagreb", "Croatia", "HR", "eu"),
    ("Prague", "Czech Republic", "CZ", "eu"),
    ("Tallinn", "Estonia", "EE", "eu"),
    ("Helsinki", "Finland", "FI", "eu"),
    ("Hamburg", "Germany", "DE", "eu"),
    ("Berlin", "Germany", "DE", "eu"),
    ("North Rhine-Westphalia", "Germany", "DE", "eu"),
    ("Athens", "Greece", "GR", "eu"),
    ("Thessaloniki", "Greece", "GR", "eu"),
    ("Dublin", "Ireland", "IE", "eu"),
    ("Milan", "Italy", "IT", "eu"),
    ("Rome", "Italy", "IT", "eu"),
    ("Bologna", "Italy", "IT", "eu"),
    ("Riga", "Latvia", "LV", "eu"),
    ("Vilnius", "Lithuania", "LT", "eu"),
    ("Chișinău", "Moldova", "MD", "eu"),
    ("Podgorica", "Montenegro", "ME", "eu"),
    ("Amsterdam", "Netherlands", "NL", "eu"),
    ("Utrecht", "Netherlands", "NL", "eu"),
    ("Skopje", "North Macedonia", "MK", "eu"),
    ("Oslo", "Norway", "NO", "eu"),
    ("Lisbon", "Portugal", "PT", "eu"),
    ("Porto", "Portugal", "PT", "eu"),
    ("Belgrade", "Serbia", "RS", "eu"),
    ("Novi Sad", "Serbia", "RS", "eu"),
    ("Bratislava", "Slovakia", "SK", "eu"),
    ("Stockholm", "Sweden", "SE", "eu"),
    ("Vienna", "Austria", "AT", "eu"),
]


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def alpha_suffix(number):
    """1 → "B", 2 → "C", …, 25 → "Z", 26 → "BA": a copy number written in capital letters."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(65 + digit) + letters
        if not number:
            return letters


class Prefixes:
    """Hands out unique commitment prefixes (2–8 capital letters)."""

    def __init__(self, taken=()):
        self.taken = set(taken)

    def claim(self, *candidates):
        for candidate in candidates:
            if 2 <= len(candidate) <= 8 and candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        base = candidates[0][:6]
        for number in range(1, 26 * 26):
            candidate = base + alpha_suffix(number)
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        raise ValueError(f"No free commitment prefix for {candidates[0]}")


def letters(text):
    return "".join(ch for ch in _ascii(text).upper() if "A" <= ch <= "Z")


# --- The generator ------------------------------------------------------------------------


@dataclass
class Place:
    """A member to generate, before it is a row."""

    name: str
    code: str
    region: str
    since: int
    kind: str
    copy: int = 0  # 0 for the pool's own entry; n for the (n+1)th copy at scales above 1


def choose_members(rng, scale):
    """The nationals and locals of this scale: seeded samples of the pools, or numbered copies."""
    national_count = max(1, round(len(NATIONALS) * scale))
    local_count = max(1, round(LOCALS_AT_SCALE_1 * scale))
    nationals = []
    for index in _pick(rng, len(NATIONALS), national_count):
        copy, base = divmod(index, len(NATIONALS))
        name, code, region, since = NATIONALS[base]
        label = name if not copy else f"{name} {copy + 1}"
        nationals.append(Place(label, code, region, since, Member.Kind.NATIONAL, copy=copy))
    locals_ = []
    for index in _pick(rng, len(LOCALS), local_count):
        copy, base = divmod(index, len(LOCALS))
        city, country, code, region = LOCALS[base]
        since = weighted(rng, [(2016, 10), (2020, 35), (2021, 15), (2022, 20), (2024, 20)])
        label = f"{city}, {country}" if not copy else f"{city} {copy + 1}, {country}"
        locals_.append(Place(label, code, region, since, Member.Kind.LOCAL, copy=copy))
    return nationals, locals_


def _pick(rng, pool_size, count):
    """`count` indexes: whole pools as many times as they fit, then a seeded sample, in order."""
    whole, rest = divmod(count, pool_size)
    indexes = list(range(whole * pool_size))
    indexes += [whole * pool_size + i for i in sorted(rng.sample(range(pool_size), rest))]
    return indexes
