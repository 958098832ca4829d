"""A count where the best candidate has more than half of those present but not more than half of the
whole electorate: nobody is elected, the ward schedules a re-vote, and the re-vote elects the leader."""

import re

from playwright.sync_api import expect

from accounts.models import User
from elections.models import GroupElection, Stage
from tests.e2e import steps
from tests.e2e.conftest import download_pdf, screenshot, switch_user


def test_no_winner_then_revote_elects(desktop, live_server, demo_ward):
    page = desktop
    ge_pk = steps.campaign_and_plan(page, live_server)
    leader, other = steps.pick_candidates()
    steps.nominate_two(page, live_server, ge_pk, leader, other)
    switch_user(page, live_server, "ubnd")
    for resident in (leader, other):
        steps.attest_all(page, live_server, ge_pk, resident)
        steps.approve_candidate(page, live_server, ge_pk, resident)
    steps.term_report_accepted(page, live_server, ge_pk)
    steps.move_group(page, live_server, ge_pk, "Duyệt danh sách người ứng cử")
    steps.move_group(page, live_server, ge_pk, "Ghi nhận đã niêm yết danh sách")
    head, second = User.objects.get(username="tobaucu6"), User.objects.get(username="tobaucu6b")
    member = steps.group().households.exclude(head__in=[leader, other]).first().head
    steps.team_with_decision(page, live_server, ge_pk, head, second, member)
    first_pk = steps.schedule_conference(page, live_server, head.full_name, second.full_name)

    # Sitting 1: 5 of 8 households present; 3 votes for the best candidate: 60 % of those present,
    # 37,50 % of the electorate: nobody is elected.
    switch_user(page, live_server, "tobaucu6")
    steps.open_with_head_count(page, live_server, first_pk, 5)
    steps.board_and_vote(page, head, second)
    votes = {leader.full_name: 3, other.full_name: 2}
    steps.enter_count(page, live_server, first_pk, ballots=5, votes=votes)
    switch_user(page, live_server, "tobaucu6b")
    steps.enter_count(page, live_server, first_pk, ballots=5, votes=votes)
    steps.expect_message(page, "Hai lần nhập trùng khớp: kết quả kiểm phiếu được chấp nhận.")
    outcome = page.get_by_role("status").first
    expect(outcome).to_contain_text(f"Không có người trúng cử: người có số phiếu cao nhất là {leader.full_name}")
    expect(outcome).to_contain_text("37,50%")
    switch_user(page, live_server, "tobaucu6")
    steps.open_page(page, live_server, f"/election-day/conference/{first_pk}/result/")
    witnesses = [member.full_name, steps.group().households.exclude(head__in=[leader, other, member]).first().head]
    steps.seal(page, [witnesses[0], witnesses[1].full_name], started="10/01/2021 09:30", ended="10/01/2021 10:15")
    paper = download_pdf(page, page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)"))
    steps.assert_paper(paper, "BIÊN BẢN KIỂM PHIẾU", leader.full_name, "37,50%")
    assert GroupElection.objects.get(pk=ge_pk).stage == Stage.NO_WINNER

    # The ward official schedules the re-vote from the result page, within the legal limit.
    switch_user(page, live_server, "ubnd")
    steps.open_page(page, live_server, f"/election-day/conference/{first_pk}/result/")
    screenshot(page, "result-no-winner")
    page.locator("main form").filter(has=page.get_by_role("button", name="Lên lịch bầu lại")).locator(
        "#id_scheduled_at"
    ).fill("24/01/2021 08:00")
    steps.press(page, "Lên lịch bầu lại")
    steps.expect_message(page, "Đã lên lịch bầu lại vào 24/01/2021 08:00.")
    expect(page.locator("h1")).to_contain_text("(bầu lại)")
    second_pk = int(re.search(r"/conference/(\d+)/", page.url).group(1))
    assert second_pk != first_pk
    steps.open_page(page, live_server, f"/elections/groups/{ge_pk}/")
    steps.expect_message(page, "Đã lên lịch bầu lại")

    # Sitting 2 (the re-vote): 6 present, 5 votes: 62,50 % of the electorate, elected.
    switch_user(page, live_server, "tobaucu6")
    steps.open_with_head_count(page, live_server, second_pk, 6)
    steps.board_and_vote(page, head, second)
    votes = {leader.full_name: 5, other.full_name: 1}
    steps.enter_count(page, live_server, second_pk, ballots=6, votes=votes)
    switch_user(page, live_server, "tobaucu6b")
    steps.enter_count(page, live_server, second_pk, ballots=6, votes=votes)
    outcome = page.get_by_role("status").first
    expect(outcome).to_contain_text(f"{leader.full_name} trúng cử")
    expect(outcome).to_contain_text("62,50%")
    switch_user(page, live_server, "tobaucu6")
    steps.open_page(page, live_server, f"/election-day/conference/{second_pk}/result/")
    steps.seal(page, [witnesses[0], witnesses[1].full_name], started="24/01/2021 09:00", ended="24/01/2021 09:40")
    assert GroupElection.objects.get(pk=ge_pk).stage == Stage.ELECTED
    paper = download_pdf(page, page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)"))
    steps.assert_paper(paper, "BIÊN BẢN KIỂM PHIẾU", leader.full_name, "62,50%")
