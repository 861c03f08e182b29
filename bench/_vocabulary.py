"""Key messages made up for the benchmarks, in Arabic, English and French: one to three
sentences, each a subject, a verb, one or two topics and a qualifier drawn from a vocabulary
of migration governance written for these benchmarks (not from the text engine's data).
Topics follow a Zipf-like law, as in real text; Arabic words sometimes get a clitic or a
diacritic, as people write them."""

from __future__ import annotations

import random

# Subjects, verbs, topics and qualifiers; a key message is one to three sentences made of
# one of each. Topics and places carry most of the searchable words.

EN = {
    "subjects": """Member States|Governments|Local authorities|Civil society organizations|
        Trade unions|Employers|The secretariat|UN entities|Migrant associations|
        National human rights institutions|Recruitment agencies|Border authorities|
        Diaspora networks|Youth groups|Women's organizations|Academic institutions|
        Labour ministries|Municipalities|Regional consultative processes|Faith-based groups""",
    "verbs": """should strengthen|must ensure|need to improve|called for|recommended|
        highlighted|committed to expanding|reported progress on|expressed concern about|
        pledged to support|proposed a plan for|shared good practices on|asked for funding for|
        reviewed the state of|agreed to monitor""",
    "topics": """access to basic services for migrants|regular pathways for labour migration|
        the protection of migrant domestic workers|alternatives to immigration detention|
        the portability of social security benefits|fair and ethical recruitment|
        the cost of remittances|data disaggregated by sex and age|consular protection abroad|
        the return and reintegration of migrants|search and rescue at sea|
        the recognition of skills and qualifications|climate-related displacement|
        the fight against trafficking in persons|birth registration for migrant children|
        smuggling networks along the routes|xenophobia and discrimination|
        gender equality for migrant women|health care for undocumented migrants|
        decent housing and shelters|legal identity documents|missing migrants and their families|
        visa facilitation for students|financial inclusion of refugees|
        integrated border management|labour inspections in agriculture|
        wage protection systems|pre-departure orientation|diaspora investment|
        the inclusion of migrant children in schools""",
    "qualifiers": """in the region|in countries of origin and destination|
        through bilateral agreements|with the support of IOM|before the next review|
        in line with the Compact|especially for women and children|in Egypt|in Morocco|
        in Jordan|in Lebanon|in the Gulf states|in Libya|in Tunisia|along the Mediterranean|
        at the national level|in coastal cities|in rural areas|in camps and informal settlements|
        through the Network on Migration""",
}
FR = {
    "subjects": """Les États membres|Les gouvernements|Les autorités locales|
        Les organisations de la société civile|Les syndicats|Les employeurs|Le secrétariat|
        Les entités des Nations Unies|Les associations de migrants|
        Les institutions nationales des droits de l'homme|Les agences de recrutement|
        Les autorités frontalières|Les réseaux de la diaspora|Les organisations de femmes|
        Les universités|Les ministères du travail|Les municipalités""",
    "verbs": """doivent renforcer|doivent garantir|ont appelé à améliorer|ont recommandé|
        ont souligné|se sont engagés à élargir|ont fait état de progrès concernant|
        se sont inquiétés de|ont promis de soutenir|ont proposé un plan pour|
        ont partagé de bonnes pratiques sur|ont demandé un financement pour""",
    "topics": """l'accès des migrants aux services de base|
        les voies régulières de migration de travail|
        la protection des travailleuses domestiques migrantes|
        les alternatives à la détention des migrants|
        la portabilité des droits à la sécurité sociale|le recrutement équitable et éthique|
        le coût des envois de fonds|les données ventilées par sexe et par âge|
        la protection consulaire|le retour et la réintégration des migrants|
        la recherche et le sauvetage en mer|la reconnaissance des compétences et des diplômes|
        les déplacements liés au climat|la lutte contre la traite des personnes|
        l'enregistrement des naissances des enfants migrants|les réseaux de passeurs|
        la xénophobie et la discrimination|l'égalité entre les femmes et les hommes|
        les soins de santé pour les travailleurs sans papiers|le logement décent|
        les documents d'identité|les migrants disparus et leurs familles|
        l'inclusion financière des réfugiés|la gestion intégrée des frontières|
        l'inspection du travail dans l'agriculture|les chercheuses et chercheurs migrants""",
    "qualifiers": """dans la région|dans les pays d'origine et de destination|
        par des accords bilatéraux|avec l'appui de l'OIM|avant le prochain examen|
        conformément au Pacte|en particulier pour les femmes et les enfants|en Égypte|
        au Maroc|en Jordanie|au Liban|dans les États du Golfe|en Libye|en Tunisie|
        en Méditerranée|au niveau national|dans les zones rurales""",
}
AR = {
    "subjects": """الدول الأعضاء|الحكومات|السلطات المحلية|منظمات المجتمع المدني|
        النقابات العمالية|أصحاب العمل|الأمانة|وكالات الأمم المتحدة|جمعيات المهاجرين|
        المؤسسات الوطنية لحقوق الإنسان|وكالات التوظيف|سلطات الحدود|شبكات المغتربين|
        المنظمات النسائية|الجامعات|وزارات العمل|البلديات""",
    "verbs": """ينبغي أن تعزز|يجب أن تضمن|دعت إلى تحسين|أوصت بتوسيع|أكدت على أهمية|
        أعربت عن القلق إزاء|التزمت بدعم|أشارت إلى التقدم في|اقترحت خطة من أجل|
        تبادلت الممارسات الجيدة بشأن|طالبت بتمويل""",
    "topics": """وصول المهاجرين إلى الخدمات الأساسية|المسارات النظامية لهجرة العمالة|
        حماية العمال المنزليين المهاجرين|بدائل احتجاز المهاجرين|
        نقل استحقاقات الضمان الاجتماعي|التوظيف العادل والأخلاقي|تكلفة التحويلات المالية|
        البيانات المصنفة حسب الجنس والعمر|الحماية القنصلية|العودة وإعادة الإدماج|
        البحث والإنقاذ في البحر|الاعتراف بالمهارات والمؤهلات|النزوح المرتبط بتغير المناخ|
        مكافحة الاتجار بالأشخاص|تسجيل المواليد للأطفال المهاجرين|شبكات تهريب المهاجرين|
        كراهية الأجانب والتمييز|المساواة بين الجنسين|الرعاية الصحية للعمال المهاجرين|
        السكن اللائق|وثائق الهوية|المهاجرين المفقودين وأسرهم|الشمول المالي للاجئين|
        الإدارة المتكاملة للحدود|تفتيش العمل في الزراعة|مسؤولية أصحاب العمل""",
    "qualifiers": """في المنطقة العربية|في بلدان المنشأ والمقصد|من خلال الاتفاقات الثنائية|
        بدعم من المنظمة الدولية للهجرة|قبل الاستعراض القادم|وفقا للاتفاق العالمي|
        وخاصة للنساء والأطفال|في مصر|في المغرب|في الأردن|في لبنان|في دول الخليج|في ليبيا|
        في تونس|في البحر المتوسط|على المستوى الوطني|في المناطق الريفية""",
}
VOCABULARY = {
    lang: {part: [p.strip() for p in text.split("|")] for part, text in parts.items()}
    for lang, parts in (("en", EN), ("fr", FR), ("ar", AR))
}
HARAKAT = "\u064e\u064f\u0650\u0651\u0652"
CLITICS = ["و", "ف", "ب", "ل", "ك"]
SENTENCE_END = {"en": ".", "fr": ".", "ar": "."}


def zipf_pick(rng: random.Random, items: list[str]) -> str:
    # Lower ranks far more often, as in real text: a few topics dominate.
    return items[min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)]


def decorate_arabic(sentence: str, rng: random.Random) -> str:
    words = []
    for word in sentence.split():
        if len(word) > 3 and rng.random() < 0.08:
            word = rng.choice(CLITICS) + word  # وبالمهاجرين-style clitics
        if len(word) > 3 and rng.random() < 0.05:
            word = word[:2] + rng.choice(HARAKAT) + word[2:]  # the odd diacritic
        words.append(word)
    return " ".join(words)


def make_text(lang: str, rng: random.Random) -> str:
    v = VOCABULARY[lang]
    sentences = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        topics = [zipf_pick(rng, v["topics"])]
        if rng.random() < 0.3:
            topics.append(rng.choice(v["topics"]))
        joined = (" و" if lang == "ar" else (" et " if lang == "fr" else " and ")).join(topics)
        sentence = (
            f"{rng.choice(v['subjects'])} {rng.choice(v['verbs'])} {joined} "
            f"{rng.choice(v['qualifiers'])}{SENTENCE_END[lang]}"
        )
        sentences.append(decorate_arabic(sentence, rng) if lang == "ar" else sentence)
    return " ".join(sentences)
