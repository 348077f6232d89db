from hypothesis import example, given
from hypothesis import strategies as st

from chatbot.commands import CommandSet, UsageError, Words
from chatbot.parsing import fold, parse_command_line, tokenize
from chatbot.reply import Reply


def texts(line: str) -> list[str]:
    return [t.text for t in tokenize(line)]


def test_words_split_on_spaces_and_quotes_group_them() -> None:
    assert texts('suggest "CAF de Paris" phone 3230') == [
        "suggest",
        "CAF de Paris",
        "phone",
        "3230",
    ]
    assert texts("edit «Pôle emploi» nom France Travail") == [
        "edit",
        "Pôle emploi",
        "nom",
        "France",
        "Travail",
    ]


def test_apostrophes_inside_words_are_kept() -> None:
    assert texts("lookup caisse d'allocations familiales") == [
        "lookup",
        "caisse",
        "d'allocations",
        "familiales",
    ]
    assert texts("lookup l'ANTS") == ["lookup", "l'ANTS"]


def test_an_unclosed_quote_runs_to_the_end_of_the_line() -> None:
    assert texts('add "Maison France Services') == ["add", "Maison France Services"]


def test_prefixes_and_case_are_ignored_for_the_command_word() -> None:
    for typed in ("/lookup caf", "!lookup caf", "LOOKUP caf", "  lookup   caf  "):
        line = parse_command_line(typed)
        assert line.name == "lookup"
        assert [t.text for t in line.tokens] == ["caf"]


def test_rest_of_line_keeps_what_the_user_typed() -> None:
    line = parse_command_line('reject 4 le numéro "3230" est le bon')
    assert line.rest_from(1) == 'le numéro "3230" est le bon'


def test_fold_removes_accents_and_case() -> None:
    assert fold("Numéro de la SÉCU") == "numero de la secu"


QUOTES_AND_WORDS = st.lists(st.sampled_from(['"', "«", "»", "'", " ", "a", "/", "é"])).map("".join)


@given(st.text() | QUOTES_AND_WORDS)
@example('a "" b')
@example('/ a "b c" d «e')
def test_any_input_parses_into_pieces_of_what_was_typed(text: str) -> None:
    line = parse_command_line(text)
    assert line.line == line.line.strip() and not line.line.startswith(("/", "!"))
    assert line.line in text
    assert line.name == line.name.lower()
    if not line.line:
        assert line.name == "" and line.tokens == ()
    starts = [token.start for token in line.tokens]
    assert starts == sorted(set(starts)) and all(0 < start < len(line.line) for start in starts)
    for token in line.tokens:  # each argument is what stands at its place, quotes aside
        assert token.text.strip() in line.line[token.start :]
    for index, token in enumerate(line.tokens):
        rest = line.rest_from(index)
        assert rest in line.line and token.text.strip() in rest
        assert line.rest_from(index + 1) in rest
    assert line.rest_from(len(line.tokens)) == ""


commands = CommandSet()


@commands.command("reject", help="Reject", usage="<number> <reason>")
async def reject(ctx: object, number: int, reason: Words) -> Reply:
    """Declared only for its parameters."""
    return Reply.text(reason)


REJECT = next(iter(commands))


def test_typed_arguments_are_converted() -> None:
    assert REJECT.bind(parse_command_line("reject #12 déjà corrigé")) == [12, "déjà corrigé"]


def test_missing_or_mistyped_arguments_are_usage_errors() -> None:
    for typed in ("reject", "reject 12", "reject douze raison"):
        try:
            REJECT.bind(parse_command_line(typed))
        except UsageError:
            continue
        raise AssertionError(f"{typed!r} should not bind")


@given(st.text())
def test_binding_any_text_either_works_or_asks_for_usage(text: str) -> None:
    try:
        values = REJECT.bind(parse_command_line("reject " + text))
    except UsageError:
        return
    assert isinstance(values[0], int)
    assert values[1]


def test_numbers_too_large_for_an_id_are_usage_errors() -> None:
    for typed in ("reject 99999999999999999999 raison", "reject ١٢ raison"):
        try:
            REJECT.bind(parse_command_line(typed))
        except UsageError:
            continue
        raise AssertionError(f"{typed!r} should not bind")
