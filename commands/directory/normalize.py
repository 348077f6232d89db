"""How directory names and lookup queries are reduced to comparable words.

Both sides go through :func:`words`, so whatever is dropped or rewritten here is dropped from
names and queries alike: ``"Numéro de la C.P.A.S. ?"`` and ``"CPAS"`` give the same words.
"""

from __future__ import annotations

import re

from chatbot.parsing import fold
from commands.directory.phrasing import PHRASING

# Words a volunteer adds around what they look for ("numéro de la caf", "phone number of cpam").
FILLER_WORDS = frozenset(
    """
    le la les l un une des de du d au aux a en et ou pour par sur chez avec dans
    mon ma mes son sa ses ce cet cette c qu que qui quel quelle quels quelles est sont
    je j moi me nous vous il elle on ai veux voudrais faut cherche chercher trouver donne donner
    besoin comment svp stp merci bonjour hello hi
    numero numeros num no n tel tels telephone telephones portable appeler joindre
    adresse adresses mail mails email emails courriel courriels mel site sites web siteweb
    lien url horaire horaires heure heures ouverture contact contacts contacter
    coordonnee coordonnees
    the of an for to at in on is are what whats where how please me my i find search lookup
    show get call phone phones number numbers address website opening hours details
    www http https fr be com org gouv
    """.split()
    # Questions and politeness around a lookup: "comment puis-je joindre la caf ?", "est-ce
    # que vous avez le numéro de...", "what is the phone number of...".
    + """
    quoi ou quand combien pourquoi ce ceci cela ca est y il ils elles leur leurs
    puis peux peut pouvez pourriez pourrais pourrait savoir sais connait connaissez
    aimerais souhaite souhaiterais voudrait veut voulez faudrait dois doit
    aider renseigner renseignement renseignements information informations
    avez as ont avoir auriez aurais serait etre suis sommes
    cherchons recherche recherches trouve obtenir avoir
    dame monsieur madame personne quelqu quelqun
    appelle appele telephoner ecrire rappeler
    plait sil svp merci beaucoup
    do does can could would should need needs want wants looking like tell give which who
    when there some you your im id reach contacting number please thanks thank hey
    """.split()
    # Conversation around a need ("mon père veut savoir quand il va toucher sa retraite"):
    # people, time, quantity and everyday verbs carry nothing a directory entry is named by.
    + """
    ya se s t lui eux celle celui ceux ici la-bas voila
    pere mere frere soeur fils fille mari epoux epouse voisin voisine ami amie copain copine
    grand gens quelquun
    an ans mois jour jours semaine semaines depuis hier demain aujourd aujourdhui maintenant
    encore deja toujours bientot tard tot
    pas ne plus peu tres trop moins tout toute tous toutes beaucoup vraiment juste meme aussi
    alors donc mais si car bien bon sinon ensuite puis
    faire fait fais dire dit parler parle veux veut voulait sait arrive arriver va vais vont
    aller allez venir vient prendre mettre toucher recu recevoir comprend comprends
    speak talk someone somebody about get go going got know tell help me how much many
    """.split()
    # Sentence glue of plain English questions ("i need a lawyer but i have no money", "who
    # handles family allowance in brussels") and of French ones ("qui s'occupe des allocs",
    # "à qui s'adresser", "je me sens seul").
    + """
    and with but have has had was were be been am from that this these those it its they them
    their we our us or if so by as people anyone anybody tonight today now here handles deals
    responsible
    occupe occuper adresser sens sent sentir recoit recois recoivent ete
    habite habites habitent habiter parce live lives
    """.split()
    # The volunteer's own situation around the question ("je suis bénévole, une usagère me
    # demande...", "a man at the desk is asking where to go for...").
    + """
    benevole benevoles volontaire volontaires usager usagers usagere usageres accueilli
    accueillie parlent collegue collegues notre nos votre vos avance sauriez sauraient
    existe exister existent orienter salut coucou
    volunteer volunteers desk asking asks asked goes guy visitor visitors
    he she him her his hers man somewhere anywhere see received receive
    tu toi te any idea envoyer envoie vers apres pendant durant touche touchent touchait
    don doesn didn isn wasn aren won wouldn couldn shouldn ve ll re
    whole since morning evening week weeks month months year years ago yesterday tomorrow
    still already just really very out into
    son brother sister friend
    """.split()
    # What a body does ("rôle de la caf", "à quoi sert la cpam", "what does the caf do").
    + """
    role sert servent servir
    """.split()
    # Dutch, as Flemish and Brussels volunteers ask ("hij woont in Gent en heeft dringend
    # hulp nodig", "wie kan ik bellen"); not "wonen", a word of bodies' names.
    + """
    ik mij mijn jij jou jouw uw hij hem zij ze haar wij ons onze jullie hun het een den der
    van voor naar met op om uit bij aan tot zonder ook nog niet geen wel maar want dus
    dan toen omdat dat die dit deze wat wie waar waarom wanneer hoe welk welke hoeveel
    ben bent heb hebt heeft hebben kan kun kunt kunnen mag mogen moet moeten wil wilt
    willen zou zouden zal zullen gaat ga gaan doe doet doen weet weten zeg zegt zeggen
    vraag vraagt vragen zoek zoekt zoeken vinden bellen bel telefoonnummer nummer
    adres nodig graag alstublieft aub bedankt dank hallo goedendag iemand iets er hier daar
    nu vandaag gisteren heel erg zeer veel weinig meer zoon dochter broer
    zus buurman buurvrouw vriend vriendin woont jaar jaren maand maanden week weken
    aanvragen
    """.split()
)

# Words of a request's phrasing that entries may hold too ("déposer un dossier d'AAH",
# "where to apply for a pension"): they count half in a query, never nothing.
_WEAK = """
    dossier dossiers demande demandes demander deposer depot remplir formulaire formulaires
    document documents probleme problemes souci soucis question questions aide aides
    payer paye paie cout prix cher couteux gratuit gratuite existe exister possible moyen solution
    service services bureau bureaux office centre agence organisme structure endroit lieu
    inscrire inscription faire urgent vite rapidement quelque chose demarche demarches
    informer conseil conseils accompagnement accompagner orientation orienter
    office offices center centre centres agency help advice support apply application form
    forms problem issue pay paying cheap free register registration service services line
    helpline helplines authority department organisation organization institution lines
    france
    """.split()

# "c.p.a.s.", "c p a s", "C-P-A-S": single letters in a row spell an acronym. Not across an
# apostrophe: the "l" of "l'a.d.i.l." is an elided article, dropped like every lone letter.
_DEAR = re.compile(r"\b(pas|plus|moins|trop|tres|si|aussi|assez) cher(?:e|es|s)?\b")
""""moins cher" is a price, not the Cher département: the word becomes one no place has."""
_AGE = re.compile(
    r"\b\d{1,3} ?(?:ans?|years?|yrs?|jaar|mois|months?|semaines?|weeks?|jours?|days?|dagen)\b"
)
""""ma fille de 14 ans", "depuis 3 mois": an age or a time, not the Calvados."""
_ELDERS = re.compile(r"\bgrands?[ -](mere|pere|parent)s?\b")
""""grand-mère" is one word, not the filler "grand" and "mère": it asks for the elderly."""
_SPELLED = re.compile(r"(?<![a-z0-9])[a-z](?:[^a-z0-9']+[a-z](?![a-z0-9]))+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_NOT_DIGIT = re.compile(r"[^0-9]+")
_MAX_WORDS = 12


def words(text: str) -> list[str]:
    """The meaningful words of ``text``: folded, de-punctuated, filler-free, lightly stemmed.

    A text made of filler alone keeps its words, so an entry named "Contact" stays findable.
    """
    folded = fold(text)
    if " " in folded:
        folded = PHRASING.sub(" ", folded)
        folded = _DEAR.sub(r"\1 couteux", folded)
        folded = _AGE.sub(" ", folded)
    if "grand" in folded:
        folded = _ELDERS.sub(r"grand\1", folded)
    folded = _SPELLED.sub(_spelled, folded)
    raw = [w for w in _NOT_WORD.split(folded) if w]
    kept = [w for w in raw if w not in FILLER_WORDS and (len(w) > 1 or w.isdigit())]
    if not kept:
        kept = [w for w in raw if len(w) > 1 or w.isdigit()]
    stems = _STEMS
    return [stems.get(w) or _remember_stem(w) for w in kept[:_MAX_WORDS]]


_STEMS: dict[str, str] = {}
"""Word -> its stem: a directory's names and the day's queries share their words."""
_STEMS_KEPT = 200_000


def _remember_stem(word: str) -> str:
    if len(_STEMS) >= _STEMS_KEPT:
        _STEMS.clear()
    stem = _STEMS[word] = _stem(word)
    return stem


def _stem(word: str) -> str:
    """A light stemmer: the plural "s", the feminine "e" and the verb endings "er", "ée" of
    longer words go ("allocations familiales" -> "allocation familial", "frappée",
    "frapper" -> "frapp"); "-aux" is the plural of "-al" ("logements sociaux"); a long noun
    in "-ation" meets its verb ("réclamation", "réclamer" -> "reclam")."""
    if len(word) > 5 and word.endswith("aux"):
        return word[:-1] if word.endswith("eaux") else word[:-3] + "al"
    if len(word) > 4 and word[-1] == "s" and not word[-2].isdigit():
        word = word[:-1]
    if len(word) > 6 and word.endswith(("er", "ee")):
        return word[:-2]
    if len(word) > 5 and word[-1] == "e" and not word[-2].isdigit():
        word = word[:-1]
    if len(word) > 10 and word.endswith("ation"):
        return word[:-5]  # "réclamation" and "réclamer"; not "allocation", too short a stem
    if len(word) > 8 and word.endswith(_NOUN_ENDINGS):
        # The noun of a verb: "licenciement" and "licencié", "maltraitance" and "maltraité",
        # "hébergement" and "héberger" meet.
        word = word[:-3] if word.endswith("anc") else word[:-4].removesuffix("e")
    return word


_NOUN_ENDINGS = ("ment", "anc")


def _spelled(match: re.Match[str]) -> str:
    spelled = match.group()
    if _SENTENCE_LETTERS.fullmatch(spelled):
        return spelled  # "elle a à payer", "il y a": French words, not "aa", "ya"
    return _NOT_LETTER.sub("", spelled)


_SENTENCE_LETTERS = re.compile(r"[ay](?:\s+[ay])+")


def only_filler(text: str) -> bool:
    """Whether ``text`` holds no word to search: "le site", "mail de", ""."""
    return all(w in FILLER_WORDS or len(w) < 2 for w in _NOT_WORD.split(fold(text)) if w)


def fold_query(text: str) -> str:
    """The normalised form of a query or a name, as the index compares them."""
    return " ".join(words(text))


def phone_digits(text: str) -> str:
    """The digits of a phone number in national form: ``+32 2 505 14 11`` -> ``025051411``."""
    digits = _NOT_DIGIT.sub("", text)
    if digits.startswith("00"):
        digits = digits[2:]
    if (digits.startswith("33") and len(digits) == 11) or (
        digits.startswith("32") and len(digits) in (10, 11)
    ):
        digits = "0" + digits[2:]
    return digits


WEAK_WORDS = frozenset(_stem(w) for w in _WEAK)
"""Folded query words that count half: see ``_WEAK``."""
