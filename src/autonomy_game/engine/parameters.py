"""Model constants a scenario may tune under `parameters:`.

They are defaults, not truths: each is a judgement (an estimate) that keeps a quarter's changes
in a plausible range. Scenario authors tune them to shape a crisis without writing code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    default: float
    low: float
    high: float
    meaning: str


PARAMETERS: dict[str, Parameter] = {
    "upkeep_share": Parameter(0.6, 0.0, 0.95, "share of the defence budget bound to pay and upkeep"),
    "depreciation": Parameter(0.012, 0.0, 0.2, "capability lost per quarter to wear and age"),
    "budget_step": Parameter(0.2, 0.0, 2.0, "largest rise of defence % GDP in one quarter at full fiscal space"),
    "support_cost": Parameter(0.05, 0.0, 1.0, "support lost per point of % GDP raised beyond what threat justifies"),
    "support_drift": Parameter(0.08, 0.0, 1.0, "pull of public support towards perceived threat each quarter"),
    "capital_income": Parameter(0.5, 0.0, 10.0, "political capital each state gains per quarter"),
    "persuasion_effect": Parameter(0.12, 0.0, 2.0, "utility moved per point of political capital spent"),
    "payment_effect": Parameter(0.5, 0.0, 5.0, "utility moved per side payment equal to the target's quarterly budget"),
    "ai_noise": Parameter(0.08, 0.0, 1.0, "spread of the seeded noise in AI utilities"),
    "cohesion_veto": Parameter(0.01, 0.0, 1.0, "cohesion the Union loses when a proposal is voted down (the blocking states pay `veto_capital` each as well)"),
    "veto_capital": Parameter(1.5, 0.0, 20.0, "political capital each state voting no on a failed proposal loses (its standing)"),
    "veto_support": Parameter(0.01, 0.0, 1.0, "public support a state voting no on a failed proposal loses at home"),
    "veto_threshold": Parameter(0.25, 0.0, 2.0, "under unanimity an AI state vetoes only below minus this utility; a milder opponent abstains"),
    "abstain_band": Parameter(0.08, 0.0, 1.0, "an AI state whose utility is within this of zero abstains (ambivalent)"),
    "funding_weight": Parameter(0.7, 0.0, 5.0, "utility of money received from an instrument, at saturation"),
    "industry_weight": Parameter(0.3, 0.0, 5.0, "utility of the industrial return of a European-built initiative, at twice a fair share"),
    "consensus_weight": Parameter(0.25, 0.0, 5.0, "pull towards yes when nearly all others back a Union measure (consensus habit)"),
    "reciprocity_weight": Parameter(0.06, 0.0, 1.0, "goodwill per adopted measure a state gained money or work from (up to two)"),
    "linkage_reach": Parameter(0.45, 0.0, 2.0, "largest utility deficit a lone blocker trades away for a concession"),
    "linkage_price": Parameter(1.0, 0.0, 100.0, "€ bn of common funds a concession costs per state that trades its vote"),
    "cohesion_adopt": Parameter(0.015, 0.0, 1.0, "cohesion gained when a proposal passes"),
    "cohesion_drift": Parameter(0.01, 0.0, 1.0, "cohesion lost per quarter per unit of threat divergence"),
    "pressure_gain": Parameter(0.06, 0.0, 1.0, "adversary pressure gained per quarter per unit of deterrence shortfall"),
    "deterrence_target": Parameter(0.75, 0.0, 1.0, "deterrence at which adversary pressure stops growing"),
    "front_sensitivity": Parameter(0.06, 0.0, 1.0, "front movement per quarter per unit of supply surplus or shortfall"),
    "hub_repair": Parameter(0.2, 0.0, 1.0, "hub health restored per quarter"),
    "corridor_reopen": Parameter(0.15, 0.0, 1.0, "share of a blockade lifted per quarter without action"),
    "us_drawdown": Parameter(0.0, 0.0, 1.0, "U.S. commitment withdrawn per quarter"),
    "us_drawdown_spread": Parameter(0.0, 0.0, 1.0, "each game's drawdown pace is drawn once, uniformly within us_drawdown plus or minus this (Washington's real intentions, unknown to the players)"),
    "gdp_growth": Parameter(0.003, -0.05, 0.05, "real GDP growth per quarter"),
    "dependence_gain": Parameter(0.002, 0.0, 0.1, "atlanticism gained per € bn bought from abroad"),
    "protection_cost": Parameter(0.5, 0.01, 10.0, "€ bn per 0.1 of hub protection"),
    "corridor_cost": Parameter(0.4, 0.01, 10.0, "€ bn per thousand tonnes/quarter of corridor capacity"),
    "aid_materiel_weight": Parameter(0.3, 0.0, 5.0, "front effect of € 1 bn of materiel relative to need"),
    "threat_decay": Parameter(0.01, 0.0, 1.0, "threat perception relaxation per quarter towards its start"),
    "capacity_growth": Parameter(0.1, 0.0, 1.0, "share of European orders beyond a domain's capacity that industry adds as capacity each quarter"),
    "joint_price_gain": Parameter(0.08, 0.0, 0.5, "unit price saved per doubling of the participants in a joint project"),
    "joint_lead_gain": Parameter(0.05, 0.0, 0.5, "lead time saved per doubling of the participants in a joint project"),
    "pesco_slots": Parameter(0, 0, 5, "PESCO projects launched each quarter beside the AI presidency's one Council item, where their participants would pass them (TEU 46(6))"),
    "min_participants_default": Parameter(3, 1, 27, "least participants for a coalition when an initiative names none"),
}


def resolve_parameters(overrides: dict[str, float]) -> dict[str, float]:
    """Defaults with a scenario's overrides applied (the validator has checked names and ranges)."""
    values = {name: p.default for name, p in PARAMETERS.items()}
    values.update(overrides)
    return values
