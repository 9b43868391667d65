"""Who an event is aimed at when no object names an actor: the place an act
lands on, the author of a rejected call, the party a threat is conditioned
on, the target of a protest's grievance. Sentences written for these tests."""

from __future__ import annotations


def _targets(events, trigger: str) -> list[tuple[str | None, str | None, str]]:
    found = [e for e in events if e.trigger.text.startswith(trigger)]
    assert found, [e.trigger.text for e in events]
    return [(a.country, a.sector, a.text) for a in found[0].target]


def test_an_act_with_no_recipient_lands_on_its_place(code):
    events = code("The army imposed a curfew in Kandahar on Friday.")
    assert [(c, t) for c, _, t in _targets(events, "imposed")] == [("AFG", "Kandahar")]


def test_a_meeting_s_place_is_a_venue_not_a_recipient(code):
    events = code("Iranian and Saudi diplomats held talks in Baghdad on Friday.")
    talks = [e for e in events if e.event_type == "CONSULT"]
    assert talks and all(a.country != "IRQ" for e in talks for a in e.target)


def test_the_place_of_the_subject_is_not_the_recipient(code):
    # The settlers are in Hebron; the fire is not aimed at Hebron.
    events = code("Jewish settlers in Hebron set fire to Palestinian olive groves overnight.")
    assert all(a.text != "Hebron" for e in events for a in e.target)


def test_a_rejected_call_is_aimed_at_its_author(code):
    events = code("Germany rejected calls by Poland's government for war reparations.")
    assert ("POL", "GOV") in [(c, s) for c, s, _ in _targets(events, "rejected")]


def test_a_threat_is_aimed_at_the_party_whose_act_it_is_conditioned_on(code):
    events = code("Iran threatened to quit the nuclear talks if Washington imposed new sanctions.")
    assert [c for c, _, _ in _targets(events, "threatened")] == ["USA"]
    events = code("Dock workers in Chile threatened a national strike unless the government raised wages.")
    assert [c for c, _, _ in _targets(events, "threatened")] == ["CHL"]


def test_a_protest_is_aimed_at_the_target_of_its_grievance(code):
    events = code("Hundreds of workers rallied in Tehran in defiance of the Iranian authorities.")
    assert [(c, s) for c, s, _ in _targets(events, "rallied")] == [("IRN", "GOV")]
    events = code("Students staged a sit-in on Monday to protest the Kenyan government's fee increases.")
    protest = [e for e in events if e.event_type == "PROTEST"]
    assert protest and [(a.country, a.sector) for a in protest[0].target] == [("KEN", "GOV")]


def test_an_accusation_is_aimed_at_the_accused_not_the_addressee(code):
    events = code("Ukraine complained to the United Nations over Russian missile strikes on its power plants.")
    assert [c for c, _, _ in _targets(events, "complained")] == ["RUS"]


def test_an_official_act_is_not_an_official(code):
    # "official contact" is the act boycotted; Chile is its target.
    events = code("Bolivian opposition figures said they would boycott any official contact with Chile.")
    boycott = [e for e in events if e.event_type == "THREATEN"]
    assert boycott and [a.country for a in boycott[0].target] == ["CHL"]


def test_mediation_is_aimed_at_the_parties_between_which_it_mediates(code):
    events = code("Qatar's emir launched a mediation effort between Ethiopia and Eritrea on Saturday.")
    mediation = [e for e in events if e.event_type == "CONSULT"]
    assert mediation and {a.country for a in mediation[0].target} == {"ETH", "ERI"}


def test_an_act_on_someone_s_property_is_aimed_at_its_owner(code):
    events = code("Protesters set fire to the local offices of Kenya's ruling coalition in Kisumu on Friday.")
    assert [(c, s) for c, s, _ in _targets(events, "set")] == [("KEN", "PTY")]
    events = code("A camp for Sudanese refugees was attacked by gunmen in eastern Chad.")
    assert [(c, s) for c, s, _ in _targets(events, "attacked")] == [("SDN", "REF")]


def test_a_named_modifier_of_the_object_is_whose_it_is(code):
    events = code("Russia vetoed a Security Council resolution condemning the annexation.")
    assert [c for c, _, _ in _targets(events, "vetoed")] == ["IGO"]
    events = code("Gunmen attacked a police station in northern Burkina Faso on Sunday.")
    assert [(c, s) for c, s, _ in _targets(events, "attacked")] == [("BFA", "COP")]


def test_a_demand_for_someone_s_withdrawal_is_aimed_at_them(code):
    events = code("The European Union demanded the withdrawal of Russian troops from Georgia.")
    assert [(c, s) for c, s, _ in _targets(events, "demanded")] == [("RUS", "MIL")]


def test_the_subject_of_an_allowed_or_refused_infinitive_is_the_recipient(code):
    events = code("The Supreme Court allowed opposition leader Raila Odinga to contest the election.")
    assert [s for _, s, _ in _targets(events, "allowed")] == ["OPP"]
    events = code("Hungary refused to allow Ukrainian officials to attend the summit.")
    assert [(c, s) for c, s, _ in _targets(events, "refused")] == [("UKR", "GOV")]


def test_aid_is_aimed_at_the_one_given_to_not_at_what_is_given(code):
    # "military intelligence" is a thing given here, not the spies.
    events = code("Britain is providing drones and military intelligence to Ukraine.")
    assert [c for c, _, _ in _targets(events, "providing")] == ["UKR"]


def test_an_anti_country_stance_is_not_that_country(code):
    events = code("A prominent anti-Syria journalist was killed in Beirut on Tuesday.")
    assert [c for c, _, _ in _targets(events, "killed")] == ["LBN"]


def test_force_used_for_a_purpose_is_aimed_at_the_purpose_s_object(code):
    events = code("Bolivian police opened fire to disperse striking miners near Potosi on Monday.")
    assert [(c, s) for c, s, _ in _targets(events, "opened")] == [("BOL", "LAB")]


def test_a_threat_is_aimed_at_the_one_its_threatened_act_is_aimed_at(code):
    events = code(
        "Kenya's interior minister warned that police would not tolerate rallies by the opposition coalition."
    )
    assert [(c, s) for c, s, _ in _targets(events, "warned")] == [("KEN", "OPP")]


def test_a_demand_s_content_clause_names_whom_it_asks(code):
    events = code("The opposition renewed its demands that the Zimbabwean government release political prisoners.")
    requests = [e for e in events if e.event_type == "REQUEST"]
    assert requests and [(a.country, a.sector) for a in requests[0].target] == [("ZWE", "GOV")]


def test_a_recipient_the_parser_left_outside_its_preposition_is_still_found(code):
    # The parser makes "officers" the subject of "holed", leaving "to" empty.
    events = code("Chile has granted diplomatic asylum to four Bolivian navy officers holed up in an embassy building.")
    assert [(c, s) for c, s, _ in _targets(events, "granted")] == [("BOL", "MIL")]


def test_the_weapons_fired_are_not_the_target(code):
    events = code("Government forces launched artillery and rocket fire against rebel camps near the Thai border.")
    targets = _targets(events, "launched")
    assert [s for _, s, _ in targets] == ["REB"]
    assert all(c != "MYS" for c, _, _ in targets)  # "Thai" is a nationality, not a town of that name


def test_what_is_withdrawn_is_not_the_target_the_place_it_leaves_is(code):
    events = code("France pulled its diplomats and aid workers from Mali on Friday.")
    assert [c for c, _, _ in _targets(events, "pulled")] == ["MLI"]
    events = code("The United Nations withdrew its monitors from Syria.")
    assert [c for c, _, _ in _targets(events, "withdrew")] == ["SYR"]


def test_a_protest_is_aimed_at_whom_its_demonstration_called_to_remove(code):
    events = code("Egyptian demonstrators rioted after a rally calling for the removal of President Hosni Mubarak.")
    riot = [e for e in events if e.event_type == "PROTEST"]
    assert riot and [(a.country, a.sector) for a in riot[0].target] == [("EGY", "GOV")]


def test_a_statement_welcomed_is_aimed_at_whose_statement_it_is(code):
    # "President" makes the whole phrase look like an actor; the statement is Biden's.
    events = code("The German government welcomed President Biden's latest policy statement on Ukraine.")
    assert [(c, s, t) for c, s, t in _targets(events, "welcomed")] == [("USA", "GOV", "President Biden")]


def test_a_report_s_attribution_is_never_the_recipient(code):
    events = code("A Chinese envoy offered new trade concessions last week, according to a senior senator.")
    offer = [e for e in events if e.trigger.text == "offered"]
    assert offer and all("senator" not in a.text for a in offer[0].target)


def test_a_programme_for_a_country_is_aimed_at_that_country(code):
    events = code("Washington suspended part of a military training programme for Niger on Monday.")
    assert [c for c, _, _ in _targets(events, "suspended")] == ["NER"]


def test_a_mediation_mission_is_aimed_at_the_parties_not_at_itself(code):
    events = code("The Qatari emir undertook a mediation mission between Chad and Sudan.")
    mediation = [e for e in events if e.event_type == "CONSULT"]
    assert mediation and {a.country for a in mediation[0].target} == {"TCD", "SDN"}
    assert all("mission" not in a.text for a in mediation[0].target)


def test_a_protest_made_in_words_is_an_accusation_of_the_one_complained_of(code):
    events = code("The opposition protested that riot police had beaten its supporters in Lusaka.")
    complaint = [e for e in events if e.trigger.text == "protested"]
    assert complaint and complaint[0].event_type == "ACCUSE"
    assert [a.sector for a in complaint[0].target] == ["COP"]
    # With no content clause, a protest is still a demonstration.
    events = code("Thousands of nurses protested outside parliament in Nairobi on Tuesday.")
    assert [e.event_type for e in events if e.trigger.text == "protested"] == ["PROTEST"]


def test_a_promise_is_aimed_at_the_place_of_the_promised_act_not_at_its_venue(code):
    events = code("The European Union agreed to open a trade office in Riga next year.")
    assert [c for c, _, _ in _targets(events, "agreed")] == ["LVA"]
    events = code("Armenia and Azerbaijan agreed to hold talks in Vienna next month.")
    assert all(a.country != "AUT" for e in events for a in e.target)


def test_a_government_facing_a_foreign_one_keeps_no_borrowed_country(code):
    events = code("The prime minister refused to answer a demand from the Iranian president.")
    refusal = [e for e in events if e.event_type == "REJECT"]
    assert refusal and all(a.country != "IRN" for a in refusal[0].source)


def test_a_refusal_is_aimed_at_whoever_pressed_for_it(code):
    events = code("The minister refused to step down despite calls from the opposition.")
    refusal = [e for e in events if e.event_type == "REJECT"]
    assert refusal and [a.sector for a in refusal[0].target] == ["OPP"]


def test_help_is_aimed_at_whom_its_purpose_clause_helps(code):
    events = code("Canada is ready to send engineers to help rebuild Haiti, its foreign minister said.")
    promise = [e for e in events if e.event_type == "AGREE"]
    assert promise and [a.country for a in promise[0].target] == ["HTI"]


def test_ending_a_mediation_is_reducing_relations_aimed_at_the_parties(code):
    events = code("Qatar ended its mediation efforts between Chad and Sudan on Monday.")
    ended = [e for e in events if e.trigger.text == "ended"]
    assert ended and ended[0].event_type == "SANCTION" and ended[0].cameo_code == "165"
    assert {a.country for a in ended[0].target} == {"TCD", "SDN"}
    # The mediation itself is not a meeting of the parties.
    assert not [e for e in events if e.event_type == "CONSULT"]


def test_a_strike_is_aimed_at_the_city_its_relative_clause_shut_down(code):
    events = code("Unions staged a general strike that paralysed Lagos on Monday.")
    strike = [e for e in events if e.event_type == "PROTEST"]
    assert strike and [a.country for a in strike[0].target] == ["NGA"]


def test_a_call_for_someone_to_act_is_aimed_at_them(code):
    events = code("France is pressing hard for Germany to back its farm subsidy plan.")
    requests = [e for e in events if e.event_type == "REQUEST"]
    assert requests and [a.country for a in requests[0].target] == ["DEU"]


def test_demands_made_of_a_government_are_aimed_at_it(code):
    events = code("Students marched in Tehran to press their demands for reform from the government.")
    assert [(c, s) for c, s, _ in _targets(events, "marched")] == [("IRN", "GOV")]


def test_an_object_put_after_its_description_is_still_the_object(code):
    events = code("Greece on Tuesday condemned as a grave injustice Turkey's treatment of the prisoners.")
    assert [c for c, _, _ in _targets(events, "condemned")] == ["TUR"]


def test_returned_property_is_aimed_at_whom_it_was_taken_from(code):
    events = code("The rebels returned weapons seized from Kenyan peacekeepers last year.")
    returned = [e for e in events if e.trigger.text == "returned"]
    assert returned and returned[0].event_type == "RETREAT"
    assert [(a.country, a.sector) for a in returned[0].target] == [("KEN", "MIL")]


def test_one_who_died_suffered_the_act_and_did_not_do_it(code):
    events = code("Three soldiers died in a roadside bomb blast in Helmand on Monday.")
    died = [e for e in events if e.trigger.text == "died"]
    assert died and [(a.country, a.sector) for a in died[0].target] == [("AFG", "MIL")]
    assert all(a.sector != "MIL" for a in died[0].source)  # the blast's unknown perpetrator, not the soldiers


def test_an_act_on_what_leads_into_a_town_lands_on_the_town(code):
    events = code("Insurgents blew up two bridges leading into Mosul on Sunday.")
    assert [(c, t) for c, _, t in _targets(events, "blew")] == [("IRQ", "Mosul")]


def test_a_paper_is_aimed_at_whom_it_acts_on(code):
    events = code("The Kenyan parliament approved a bill recognizing election wins by the opposition alliance.")
    assert [(c, s) for c, s, _ in _targets(events, "approved")] == [(None, "OPP")]
    events = code("The French parliament approved a motion backing the Ukrainian government.")
    assert [(c, s) for c, s, _ in _targets(events, "approved")] == [("UKR", "GOV")]


def test_a_demand_about_someone_s_forces_is_aimed_at_them(code):
    events = code("The opposition demanded that the withdrawal of Russian troops be completed by May.")
    assert [(c, s) for c, s, _ in _targets(events, "demanded")] == [("RUS", "MIL")]


def test_words_issued_with_a_must_clause_are_a_demand_of_its_subject(code):
    events = code("The German chancellor issued a blunt reminder to Serbia that it must withdraw its troops.")
    demands = [e for e in events if e.event_type == "REQUEST"]
    assert demands and [a.country for a in demands[0].source] == ["DEU"]
    assert [a.country for a in demands[0].target] == ["SRB"]


def test_both_sides_are_the_two_sides_the_article_named(code):
    events = code(
        "Indian warplanes bombed a camp in Pakistan on Tuesday, and Pakistani jets shot down an Indian plane. "
        "China and the United States urged both capitals to exercise restraint."
    )
    urged = [e for e in events if e.trigger.text == "urged"]
    assert urged and sorted((a.country, a.sector) for a in urged[0].target) == [("IND", "GOV"), ("PAK", "GOV")]
    events = code("Saudi Arabia and Iran agreed to restore relations. The two sides also agreed to reopen embassies.")
    second = [e for e in events if e.sentence_index == 1 and e.event_type == "AGREE"]
    assert second and sorted(a.country for a in second[0].source) == ["IRN", "SAU"]


def test_both_sides_with_no_two_sides_named_stay_unresolved(code):
    events = code("The UN envoy urged both sides to return to the table.")
    assert events and [(a.text, a.country) for e in events for a in e.target] == [("sides", None)]


def test_an_objection_is_not_the_opposition(code):
    events = code("The Turkish president dropped his opposition to Sweden joining NATO on Monday.")
    assert [(c, s) for c, s, _ in _targets(events, "dropped")] == [("SWE", None)]
    events = code("The government accused the opposition of plotting a coup.")
    assert [s for _, s, _ in _targets(events, "accused")] == ["OPP"]


def test_where_a_statement_came_from_is_not_whom_it_is_about(code):
    events = code("The UN Secretary-General welcomed the agreement in a statement from New York.")
    assert events and all(a.country != "USA" for e in events for a in e.target)


def test_two_verbs_share_the_object_written_after_the_last(code):
    events = code("Russia seized and annexed Crimea in 2014.", published="2022-03-01")
    assert [(c, t) for c, _, t in _targets(events, "seized")] == [("UKR", "Crimea")]


def test_an_act_on_what_someone_called_a_thing_is_on_that_thing(code):
    events = code("Israeli jets attacked what the army called a Hamas command centre in Gaza City.")
    attacked = [e for e in events if e.trigger.text == "attacked"]
    assert attacked and [(a.country, a.sector) for a in attacked[0].target] == [("PSE", "REB")]
    # The organisation in front of "command centre" is no town called Hamas.
    assert attacked[0].location is not None and attacked[0].location.country == "PSE"
    events = code(
        "Pakistan carried out air strikes on what it called militant hideouts in Iran's Sistan-Baluchestan province."
    )
    assert [a.country for e in events for a in e.target] == ["IRN"]


def test_a_bare_preposition_shares_the_object_written_after_the_next_phrase(code):
    # "with" has no object of its own: it shares "Kabul", not the date after it.
    events = code("Qatar restored relations with and reopened its embassy in Kabul on Tuesday.")
    assert [(c, t) for c, _, t in _targets(events, "restored")] == [("AFG", "Kabul")]


def test_those_joined_are_allies_and_independence_is_from_the_target(code):
    events = code(
        "Miners marched through Bilbao on Sunday, joining hundreds of students in demanding a vote on "
        "independence from Spain."
    )
    assert [(c, t) for c, _, t in _targets(events, "marched")] == [("ESP", "Spain")]


def test_an_act_protested_or_welcomed_is_aimed_at_its_doer(code):
    events = code(
        "Dockers gathered at a rally in Mombasa to denounce the beatings of strikers by Kenyan police officers."
    )
    assert [(c, s) for c, s, _ in _targets(events, "denounce")] == [("KEN", "COP")]
    events = code("The EU welcomed the release of two journalists by Iran.")
    assert [c for c, _, _ in _targets(events, "welcomed")] == ["IRN"]
    # The "by" the parser hangs on the verb, not on the act protested.
    events = code("Crowds were gathering on Sunday for a march in Accra to protest the killings of miners by soldiers.")
    assert [s for _, s, _ in _targets(events, "protest")] == ["MIL"]


def test_an_opening_is_aimed_at_where_it_lets_things_through(code):
    events = code("Turkey reopened the border crossing to let aid trucks into Syria.")
    assert [c for c, _, _ in _targets(events, "reopened")] == ["SYR"]
    events = code(
        "Pakistan reopened the Torkham border on Sunday to allow the passage of NATO supplies to Afghanistan."
    )
    assert [c for c, _, _ in _targets(events, "reopened")] == ["AFG"]


def test_forces_moved_in_the_passive_are_their_own_side_acting_on_the_place(code):
    events = code("Five hundred American troops were withdrawn from Kosovo on Friday.")
    withdrawn = [e for e in events if e.trigger.text == "withdrawn"]
    assert withdrawn and [(a.country, a.sector) for a in withdrawn[0].source] == [("USA", "MIL")]
    assert [a.country for a in withdrawn[0].target] == ["XKX"]
    events = code("Two thousand British soldiers were sent to Basra last week.")
    assert [c for c, _, _ in _targets(events, "sent")] == ["IRQ"]


def test_the_place_something_is_withdrawn_from_is_the_target_wherever_it_hangs(code):
    # The parser hangs "from Tehran" on the ambassador, not on the verb.
    events = code("Britain withdrew its ambassador from Tehran.")
    assert [(c, t) for c, _, t in _targets(events, "withdrew")] == [("IRN", "Tehran")]
