"""The facts about one initiative (the input contract) and the catalogue of facts rules can read.

`Initiatief` is the validated input. `catalogue()` walks the model once and lists every fact a
rule may test, with its kind and value domain; `flatten()` turns one Initiatief into the
name -> value mapping the reasoner asserts. The literal value 'onbekend' counts as not given.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every field's
# annotation from text when the classes are made (about 3 ms of each cold start for these modules).

import types
import typing
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .pickled import CompactPickle
from .strictfields import STRICT, Geheel, JaNeeOnbekend
from .vocabulary import FASEN, Fase, KbIds

__all__ = ["FASEN", "Fase", "FactSpec", "Initiatief", "flatten", "input_catalogue", "value_key"]

Organisatievorm = Literal["geen", "kernteam", "vereniging", "stichting", "cooperatie", "warmtebedrijf"]
Volwassenheid = Literal["startend", "groeiend", "professioneel"]
BeoogdeRol = Literal["meedenken", "gelijkwaardig", "zelf_doen"]
Ambitie = Literal["duurzame_warmte", "betaalbare_energierekening", "energieonafhankelijkheid", "alternatief_voor_plan"]
JaNeeOnduidelijk = Literal["ja", "nee", "onduidelijk"]
Warmteoplossing = Literal["individueel", "collectief", "gemengd", "onbekend"]
Techniek = Literal["warmtepomp", "hybride_warmtepomp", "warmtenet", "groen_gas", "isolatie", "collectieve_inkoop"]
Participatieniveau = Literal["informeren", "raadplegen", "adviseren", "coproduceren", "meebeslissen", "zelfbeheer"]
Capaciteit = Literal["voldoende", "beperkt", "onvoldoende"]
Regierol = Literal["randvoorwaarden_stellen", "samenspel_organiseren", "initiatief_in_kracht"]
Procesbegeleider = Literal["geen", "neutraal", "ook_inhoudelijk", "extern"]
Steun = Literal["koplopers", "middengroep", "breed", "onbekend"]
Koppelkans = Literal[
    "rioolvervanging", "herinrichting_openbare_ruimte", "groot_onderhoud_woningen",
    "vervanging_elektriciteitsnet", "klimaatadaptatie", "nieuwbouw",
]
Toekomst = Literal["doorgaan", "uitbreiden", "opheffen"]
RolUitvoering = Literal["geen", "opdrachtgever", "opdrachtnemer", "zelf"]

UNKNOWN_WORD = "onbekend"


class _Part(CompactPickle, BaseModel):
    model_config = ConfigDict(**STRICT, frozen=True)


class InitiatiefProfiel(_Part):
    organisatievorm: Organisatievorm | None = Field(default=None, description="Hoe het initiatief georganiseerd is.")
    volwassenheid: Volwassenheid | None = Field(default=None, description="Hoe ver het initiatief is; afgeleid als het ontbreekt.")
    beoogde_rol: BeoogdeRol | None = Field(default=None, description="De rol die het initiatief voor zich ziet.")
    ambities: list[Ambitie] | None = Field(default=None, description="Waar het initiatief naartoe wil.")
    ambitie_haalbaar: JaNeeOnduidelijk | None = Field(default=None, description="Lijkt de ambitie haalbaar?")
    betaalde_krachten: JaNeeOnbekend = Field(default=None, description="Werkt het initiatief (deels) met betaalde krachten?")
    vergoeding: JaNeeOnbekend = Field(default=None, description="Krijgt het initiatief geld voor zijn werk (continuïteit)?")
    democratisch_georganiseerd: JaNeeOnbekend = Field(default=None, description="Kiezen de leden hun bestuur en beslissen zij mee?")
    wil_wijk_vertegenwoordigen: JaNeeOnbekend = Field(default=None, description="Wil het initiatief namens de hele wijk spreken?")
    toekomst: Toekomst | None = Field(default=None, description="Wat het initiatief na de uitvoering wil: doorgaan, uitbreiden of opheffen.")
    rol_uitvoering: RolUitvoering | None = Field(default=None, description="De rol van het initiatief in de uitvoering.")


class GemeenteProfiel(_Part):
    naam: str | None = Field(default=None, description="Naam van de gemeente (alleen voor het rapport).")
    aanspreekpunt_met_mandaat: JaNeeOnbekend = Field(default=None, description="Is er één vindbaar aanspreekpunt met mandaat?")
    uitgangspunten_vastgelegd: JaNeeOnbekend = Field(default=None, description="Heeft de raad uitgangspunten voor participatie vastgesteld?")
    uitgangspunten_gewijzigd: JaNeeOnbekend = Field(default=None, description="Zijn die uitgangspunten onlangs veranderd?")
    ondersteuningsaanbod_helder: JaNeeOnbekend = Field(default=None, description="Is duidelijk welke steun de gemeente biedt?")
    capaciteit: Capaciteit | None = Field(default=None, description="Ambtelijke capaciteit voor deze samenwerking.")
    buurtanalyse_gedaan: JaNeeOnbekend = Field(default=None, description="Heeft de gemeente de buurt in kaart gebracht?")
    regierol: list[Regierol] | None = Field(default=None, description="Welke regierollen de gemeente invult (a, b, c).")
    wethouder_betrokken: JaNeeOnbekend = Field(default=None, description="Kent de wethouder het initiatief?")
    raad_betrokken: JaNeeOnbekend = Field(default=None, description="Is de gemeenteraad betrokken?")
    afdelingen_aangehaakt: JaNeeOnbekend = Field(default=None, description="Zijn de relevante afdelingen aangehaakt?")
    procesbegeleider: Procesbegeleider | None = Field(default=None, description="Wie het proces begeleidt.")
    escalatieroute: JaNeeOnbekend = Field(default=None, description="Is afgesproken hoe je escaleert bij spanningen?")
    evaluatiemomenten: JaNeeOnbekend = Field(default=None, description="Zijn er vaste momenten om de samenwerking te evalueren?")
    plan_in_warmteprogramma: JaNeeOnbekend = Field(default=None, description="Staat het plan van het initiatief in het warmteprogramma?")


class WijkProfiel(_Part):
    steun: Steun | None = Field(default=None, description="Van wie de steun in de wijk komt.")
    deelnamebereidheid: Geheel | None = Field(default=None, ge=0, le=100, description="Percentage huishoudens dat wil meedoen (0-100).")
    spanningen: JaNeeOnbekend = Field(default=None, description="Zijn er tegenstanders of spanningen onder bewoners?")
    woningcorporatie_bezit: JaNeeOnbekend = Field(default=None, description="Heeft een woningcorporatie woningen in de wijk?")
    koppelkansen: list[Koppelkans] | None = Field(default=None, description="Werk in de wijk waarmee je kunt combineren.")


class SamenwerkingProfiel(_Part):
    gedeelde_ambitie: JaNeeOnduidelijk | None = Field(default=None, description="Hebben gemeente en initiatief een gedeelde ambitie?")
    spanningen: JaNeeOnbekend = Field(default=None, description="Zijn er spanningen tussen gemeente en initiatief?")
    plannen_gewijzigd: JaNeeOnbekend = Field(default=None, description="Zijn plannen of partners veranderd sinds de eerste intentieverklaring?")
    voortgang_achter: JaNeeOnbekend = Field(default=None, description="Blijft de uitvoering achter bij de ambitie?")


class Afspraken(_Part):
    intentieovereenkomst: JaNeeOnbekend = Field(default=None, description="Is er een intentieovereenkomst getekend?")
    samenwerkingsovereenkomst: JaNeeOnbekend = Field(default=None, description="Is er een samenwerkingsovereenkomst getekend?")
    uitvoeringsplan_vastgesteld: JaNeeOnbekend = Field(default=None, description="Heeft de raad het uitvoeringsplan vastgesteld?")
    wijk_aardgasvrij: JaNeeOnbekend = Field(default=None, description="Is de wijk aardgasvrij?")


def _phase_number(value: Any) -> Any:
    """The stappenplan numbers its phases (1. Opstarten): a number is refused as any other wrong value,
    with that phase as the best guess (`gok`, read by the message; engine/source/translate.py)."""
    if type(value) is int and 1 <= value <= len(FASEN):
        raise PydanticCustomError("literal_error", "Input should be {expected}",
                                  {"expected": _CHOICES, "gok": FASEN[value - 1]})
    return value


_CHOICES = ", ".join(f"'{f}'" for f in FASEN[:-1]) + f" or '{FASEN[-1]}'"  # as pydantic writes a Literal's choices
GenummerdeFase = Annotated[Fase, BeforeValidator(_phase_number)]


class Initiatief(_Part):
    """One resident initiative and its cooperation with the municipality."""

    # a part the file leaves out is made empty with `model_construct`: there is nothing in it to check,
    # and validating it would build that part's own validator (up to 1 ms each at a cold start)

    model_config = ConfigDict(**STRICT, frozen=True, title="Feiten over één bewonersinitiatief")

    naam: str = Field(min_length=1, description="Naam van het initiatief.")
    fase: GenummerdeFase | None = Field(default=None, description="Fase van de samenwerking; afgeleid uit de afspraken als hij ontbreekt.")
    initiatief: InitiatiefProfiel = Field(default_factory=InitiatiefProfiel.model_construct)
    warmteoplossing: Warmteoplossing | None = Field(default=None, description="Individuele of collectieve warmteoplossing.")
    technieken: list[Techniek] | None = Field(default=None, description="Technieken die in beeld zijn.")
    collectieve_inkoop_grootschalig: JaNeeOnbekend = Field(default=None, description="Gaat het om grootschalige collectieve inkoop?")
    participatieniveau: Participatieniveau | None = Field(default=None, description="Afgesproken niveau van participatie.")
    gemeente: GemeenteProfiel = Field(default_factory=GemeenteProfiel.model_construct)
    wijk: WijkProfiel = Field(default_factory=WijkProfiel.model_construct)
    samenwerking: SamenwerkingProfiel = Field(default_factory=SamenwerkingProfiel.model_construct)
    partners_betrokken: Annotated[list[str] | None, KbIds("partners", "partner")] = Field(
        default=None, description="Partners (ids uit de kennisbank) die al aan tafel zitten.")
    afspraken: Afspraken = Field(default_factory=Afspraken.model_construct)
    afgerond: Annotated[list[str], KbIds("activiteiten", "activiteit")] = Field(
        default_factory=list, description="Activiteiten (ids uit de kennisbank) die al gedaan zijn.")


@dataclass(frozen=True)
class FactSpec:
    """A fact rules can read: its dotted name, kind and value domain."""

    name: str
    kind: str  # bool | enum | int | list | text
    values: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""
    derived: bool = False
    derivable: bool = False  # an input fact that rules derive when it is not given (fase, volwassenheid)
    ids: KbIds | None = None  # its values are ids from this knowledge-base table

    @property
    def negates_to_unknown(self) -> bool:
        """Whether 'not X' also holds when X is unknown: only for input facts no rule derives.

        A derived or derivable fact can still get a value during reasoning, so 'not X = a' for it
        means 'X has another value' (monotonic: nothing that fired becomes untrue later)."""
        return not (self.derived or self.derivable)

    def domain(self) -> tuple[Any, ...]:
        if self.kind == "bool":
            return (True, False)
        return self.values

    @cached_property
    def domain_keys(self) -> frozenset[tuple[bool, Any]]:
        """The domain as `value_key`s: a membership test in constant time, a bool never equal to an int."""
        return frozenset(value_key(v) for v in self.domain())

    def admits(self, value: Any) -> bool:
        """Whether `value` is one of the domain's values (True is not 1 here)."""
        try:
            return value_key(value) in self.domain_keys
        except TypeError:  # an unhashable value is no domain value
            return False


def value_key(value: Any) -> tuple[bool, Any]:
    """A value as a dict key that keeps bools apart from ints (in Python True == 1 and hash(True) == hash(1))."""
    return (isinstance(value, bool), value)


def _literal_values(tp: Any) -> tuple[str, ...]:
    return tuple(v for v in typing.get_args(tp) if v != UNKNOWN_WORD)


def _strip_optional(tp: Any) -> Any:
    """The type without `| None` and without Annotated validators (JaNeeOnbekend is bool, Geheel is int)."""
    while True:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 1:
            tp = args[0]
        elif typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        else:
            return tp


@cache
def input_catalogue() -> dict[str, FactSpec]:
    """Every input fact, keyed by dotted name (list members are values of the list fact)."""
    out: dict[str, FactSpec] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            dotted = f"{prefix}{name}"
            tp = _strip_optional(info.annotation)
            desc = info.description or ""
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                walk(tp, dotted + ".")
            elif tp is bool:
                out[dotted] = FactSpec(dotted, "bool", description=desc)
            elif tp is int:
                lo = hi = None
                for m in info.metadata:
                    lo = getattr(m, "ge", lo) if getattr(m, "ge", None) is not None else lo
                    hi = getattr(m, "le", hi) if getattr(m, "le", None) is not None else hi
                out[dotted] = FactSpec(dotted, "int", minimum=lo, maximum=hi, description=desc)
            elif typing.get_origin(tp) is Literal:
                out[dotted] = FactSpec(dotted, "enum", _literal_values(tp), description=desc)
            elif typing.get_origin(tp) is list:
                (item,) = typing.get_args(tp)
                values = _literal_values(item) if typing.get_origin(item) is Literal else ()
                ids = next((m for m in info.metadata if isinstance(m, KbIds)), None)
                out[dotted] = FactSpec(dotted, "list", values, description=desc, ids=ids)
            else:
                out[dotted] = FactSpec(dotted, "text", description=desc)

    walk(Initiatief, "")
    return out


def flatten(initiatief: Initiatief) -> dict[str, Any]:
    """Dotted fact name -> value for every fact that is known (given and not 'onbekend')."""
    out: dict[str, Any] = {}

    def walk(model: BaseModel, prefix: str) -> None:
        values = model.__dict__  # pydantic keeps the fields there; read directly, in declared order
        for name, dotted in _dotted(type(model), prefix):
            value = values[name]
            if isinstance(value, BaseModel):
                walk(value, dotted + ".")
            elif value is None or value == UNKNOWN_WORD:
                continue
            elif isinstance(value, list):
                out[dotted] = tuple(sorted(set(value)))
            else:
                out[dotted] = value

    walk(initiatief, "")
    return out


@cache
def _dotted(model: type[BaseModel], prefix: str) -> tuple[tuple[str, str], ...]:
    """(field, dotted name) for each field of `model` under `prefix`, in declared order."""
    return tuple((name, f"{prefix}{name}") for name in model.model_fields)
