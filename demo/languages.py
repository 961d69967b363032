"""The demo's Spanish and French content: the members whose language is Spanish or French get
their action plans' titles and summaries and their commitments' titles, descriptions and
milestones in it; the regions and
the top-level policy areas are named in both (as OGP's own Spanish and French pages name
them). Everything else stays English, so the pages also show the "not yet translated"
fallback. Deterministic: nothing here draws from the generator's random numbers."""

# The members' language by country (ISO 3166-1 alpha-2), where it is Spanish or French.
LANGUAGE_OF_COUNTRY = {
    **dict.fromkeys(
        ["AR", "CL", "CO", "CR", "DO", "EC", "ES", "GT", "HN", "MX", "PA", "PE", "PY", "SV", "UY"],
        "es",
    ),
    **dict.fromkeys(["BF", "BJ", "CI", "FR", "SN", "TN", "SC"], "fr"),
}

REGIONS = {
    "africa-and-the-middle-east": ("África y Medio Oriente", "Afrique et Moyen-Orient"),
    "americas": ("Américas", "Amériques"),
    "asia-and-the-pacific": ("Asia y el Pacífico", "Asie et Pacifique"),
    "europe": ("Europa", "Europe"),
}

AREAS = {
    "access-to-information": ("Acceso a la información", "Accès à l'information"),
    "anti-corruption-and-integrity": (
        "Anticorrupción e integridad",
        "Lutte contre la corruption et intégrité",
    ),
    "open-contracting-and-procurement": ("Contrataciones abiertas", "Commande publique ouverte"),
    "fiscal-openness": ("Apertura fiscal", "Ouverture budgétaire"),
    "extractive-industries": ("Industrias extractivas", "Industries extractives"),
    "civic-space": ("Espacio cívico", "Espace civique"),
    "human-rights": ("Derechos humanos", "Droits humains"),
    "public-participation": ("Participación ciudadana", "Participation citoyenne"),
    "digital-governance": ("Gobernanza digital", "Gouvernance numérique"),
    "public-service-delivery": (
        "Prestación de servicios públicos",
        "Prestation de services publics",
    ),
    "justice": ("Justicia", "Justice"),
    "inclusion": ("Inclusión", "Inclusion"),
    "legislation-regulation": ("Legislación y regulación", "Législation et réglementation"),
    "open-parliaments": ("Parlamentos abiertos", "Parlements ouverts"),
    "capacity-building": ("Fortalecimiento de capacidades", "Renforcement des capacités"),
    "private-sector": ("Sector privado", "Secteur privé"),
    "climate": ("Clima", "Climat"),
    "local-commitments": ("Compromisos locales", "Engagements locaux"),
}

# A commitment's title is "<verb> <object>"; in the member's language, the verb's noun and the
# primary area: "Fortalecimiento: participación ciudadana".
VERBS = {
    "Establish": ("Creación", "Création"),
    "Develop": ("Desarrollo", "Développement"),
    "Strengthen": ("Fortalecimiento", "Renforcement"),
    "Implement": ("Implementación", "Mise en œuvre"),
    "Create": ("Creación", "Création"),
    "Expand": ("Ampliación", "Extension"),
    "Improve": ("Mejora", "Amélioration"),
    "Institutionalise": ("Institucionalización", "Institutionnalisation"),
    "Promote": ("Promoción", "Promotion"),
    "Introduce": ("Introducción", "Introduction"),
}
INDEX = {"es": 0, "fr": 1}

# The milestones' templates (demo.pools.MILESTONES) in each language.
MILESTONES = {
    "Carry out a baseline assessment": (
        "Realizar un diagnóstico inicial",
        "Réaliser un état des lieux initial",
    ),
    "Draft the legal framework with stakeholders": (
        "Redactar el marco jurídico con las partes interesadas",
        "Rédiger le cadre juridique avec les parties prenantes",
    ),
    "Hold public consultations with civil society": (
        "Realizar consultas públicas con la sociedad civil",
        "Tenir des consultations publiques avec la société civile",
    ),
    "Launch a pilot in selected {units}": (
        "Lanzar un piloto en una selección de {units}",
        "Lancer un projet pilote dans une sélection de {units}",
    ),
    "Train {n} public officials": (
        "Capacitar a {n} funcionarios públicos",
        "Former {n} agents publics",
    ),
    "Publish the data in open formats": (
        "Publicar los datos en formatos abiertos",
        "Publier les données dans des formats ouverts",
    ),
    "Adopt the regulation": ("Aprobar el reglamento", "Adopter le règlement"),
    "Roll out the reform across all {units}": (
        "Extender la reforma a todos los {units}",
        "Étendre la réforme à l'ensemble des {units}",
    ),
    "Publish an independent evaluation and recommendations": (
        "Publicar una evaluación independiente y sus recomendaciones",
        "Publier une évaluation indépendante et ses recommandations",
    ),
    "Publish the first progress report": (
        "Publicar el primer informe de avance",
        "Publier le premier rapport d'étape",
    ),
}
# demo.synthetic's units of a milestone: a national member's municipalities, a local one's
# neighbourhoods.
UNITS = {
    "municipalities": ("municipios", "communes"),
    "neighbourhoods": ("barrios", "quartiers"),
}
DESCRIPTIONS = (
    "{verb} en materia de {area} en {place}. Durante el plan de acción, la institución "
    "responsable trabajará con la sociedad civil para definir cada etapa, publicará sus "
    "avances en formatos abiertos y rendirá cuentas de los resultados al final del plan.",
    "{verb} dans le domaine «\u00a0{area}\u00a0» à {place}. Pendant le plan d'action, "
    "l'institution responsable travaillera avec la société civile pour définir chaque étape, "
    "publiera ses avancées dans des formats ouverts et rendra compte des résultats à la fin du "
    "plan.",
)


def language_of(member):
    return LANGUAGE_OF_COUNTRY.get(member.country_code)


def area_name(area, top_slug, language):
    """The area's name in the language: its top-level area's (the demo names only those)."""
    names = AREAS.get(top_slug)
    return names[INDEX[language]].lower() if names else area.name.lower()


def translate_reference(regions, areas):
    """Name the regions and the top-level areas in Spanish and French (unsaved changes; the
    others keep whatever names they have)."""
    for row, names in [
        *((r, REGIONS.get(r.slug)) for r in regions),
        *((a, AREAS.get(a.slug)) for a in areas),
    ]:
        if names:
            row.name_es, row.name_fr = names


def translate_plan(plan, member, themes, topic_of):
    language = language_of(member)
    if language is None:
        return
    place, start, end = member.name, plan.start_year, plan.end_year
    names = [area_name(area, topic_of[area.pk], language) for area in themes]
    listed = ", ".join(names[:-1])
    if language == "es":
        plan.title_es = f"Plan de acción {start}-{end} de {place}"
        plan.summary_es = f"Este plan de acción incluye compromisos de {listed} y {names[-1]}."
    else:
        plan.title_fr = f"Plan d'action {start}-{end} de {place}"
        plan.summary_fr = f"Ce plan d'action comprend des engagements en {listed} et {names[-1]}."


def translate_commitment(commitment, member, verb, primary, topic_of):
    language = language_of(member)
    if language is None or verb not in VERBS:
        return
    noun = VERBS[verb][INDEX[language]]
    area = area_name(primary, topic_of[primary.pk], language)
    setattr(commitment, f"title_{language}", f"{noun}: {area}")
    description = DESCRIPTIONS[INDEX[language]].format(verb=noun, area=area, place=member.name)
    setattr(commitment, f"description_{language}", description)


def translate_milestone(milestone, member, template, units, n):
    """The milestone's title in the member's language, from the same template and numbers."""
    language = language_of(member)
    if language is None or template not in MILESTONES:
        return
    index = INDEX[language]
    title = MILESTONES[template][index].format(units=UNITS[units][index], n=n)
    setattr(milestone, f"title_{language}", title)
