"""The options of ``onboarding`` (``accueil``): the words that name each, its usage line in the
bot's language, and the closest option to a mistyped one (``accueil stat``: ``statut``?)."""

from __future__ import annotations

from dataclasses import dataclass

from chatbot.errors import CommandError
from chatbot.guess import closest as guess_closest
from chatbot.i18n import N_, _
from chatbot.parsing import fold


@dataclass(frozen=True)
class Option:
    name: str
    """What the code calls it (``status``)."""
    words: tuple[str, ...]
    """Every word that names it, folded (English, then French and other synonyms)."""
    word: str
    """Message id of the option with its command, in the bot's language (``accueil statut``)."""
    usage: str = ""
    """Message id of the whole line to type, when the option takes arguments
    (``accueil démarrer <personne> [parcours] [partie]``); else :attr:`word` is the line."""


OPTIONS = (
    Option("pause", ("pause",), N_("onboarding pause")),
    Option("resume", ("resume", "reprendre"), N_("onboarding resume")),
    Option(
        "timezone",
        ("timezone", "fuseau", "tz"),
        N_("onboarding timezone"),
        N_("onboarding timezone <zone>, e.g. onboarding timezone Europe/Brussels"),
    ),
    Option(
        "snooze",
        ("snooze", "repousser", "rappeler"),
        N_("onboarding snooze"),
        N_("onboarding snooze [<newcomer>] <step> [days]"),
    ),
    Option(
        "tick", ("tick", "cocher"), N_("onboarding tick"), N_("onboarding tick <newcomer> <step>")
    ),
    Option("status", ("status", "statut", "etat"), N_("onboarding status")),
    Option(
        "start",
        ("start", "demarrer", "inscrire"),
        N_("onboarding start"),
        N_("onboarding start <user> [template] [part]"),
    ),
    Option(
        "stop",
        ("stop", "arreter", "desinscrire"),
        N_("onboarding stop"),
        N_("onboarding stop <user>"),
    ),
    Option(
        "buddy",
        ("buddy", "binome", "mentor", "tuteur", "tutrice", "parrain", "marraine"),
        N_("onboarding buddy"),
        N_("onboarding buddy <newcomer> <person>"),
    ),
    Option(
        "waive",
        ("waive", "dispenser"),
        N_("onboarding waive"),
        N_("onboarding waive <newcomer> <step> <reason>"),
    ),
    Option(
        "history",
        ("history", "historique"),
        N_("onboarding history"),
        N_("onboarding history <user>"),
    ),
    Option(
        "resend", ("resend", "renvoyer"), N_("onboarding resend"), N_("onboarding resend <person>")
    ),
    Option("templates", ("templates", "modeles"), N_("onboarding templates")),
)

_BY_WORD = {word: option for option in OPTIONS for word in option.words}
_BY_NAME = {option.name: option for option in OPTIONS}


def find(word: str) -> Option | None:
    """The option ``word`` names (case and accents ignored)."""
    return _BY_WORD.get(fold(word))


def usage_error(name: str) -> CommandError:
    """``Usage: accueil démarrer <personne> [parcours] [partie]`` for option ``name``."""
    option = _BY_NAME[name]
    return CommandError(_("Usage: {usage}").format(usage=_(option.usage or option.word)))


def unknown(word: str) -> CommandError:
    """What a mistyped option gets: the closest option in the bot's language, if one is close
    enough, and where to see them all."""
    guess = closest(word)
    if guess is None:
        return CommandError(
            _("I don't know onboarding {word}. Type help onboarding to see the options.").format(
                word=word
            )
        )
    return CommandError(
        _(
            "I don't know onboarding {word}. Did you mean {guess}? Type help onboarding to see "
            "the options."
        ).format(word=word, guess=_(guess.word))
    )


def closest(word: str) -> Option | None:
    """The option ``word`` most likely mistypes, in any language (``stat``: status)."""
    guess = guess_closest(word, _BY_WORD)
    return guess[1] if guess else None
