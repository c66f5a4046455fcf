package dev.decisioning.ruletests.airline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link AirlinePolicy} on members worked out by hand from the policy text: each expected value is derived in the
 * comment above it. {@code today} is 2026-11-22 (a Sunday) unless the member says otherwise; today-180 is
 * 2026-05-26, today-271 is 2026-02-24, today-365 is 2025-11-22.
 */
class AirlinePolicyTest {
    private final AirlinePolicy policy = new AirlinePolicy();

    /** The example request of the policy text. */
    private static final String EXAMPLE = """
            {"member": {"id": "m-1001", "birthDate": "1985-11-27", "enrolledOn": "2019-06-01",
               "consents": {"marketing": true, "profiling": true}, "milesBalance": 48210,
               "flights": [{"id": "f1", "date": "2026-10-01", "cabin": "business", "distanceMiles": 6765, "status": "flown"}],
               "complaintsLast90Days": 0, "searchesLast30Days": 2, "referrals": 0, "npsScore": 8},
             "trip": {"date": "2026-12-10", "cabin": "economy", "international": true, "upgradeSeatsAvailable": 3,
               "disrupted": false},
             "context": {"channel": "app", "intent": "check-in", "now": "2026-11-22T10:00:00Z",
               "propensities": {"upgrade-offer": 0.6}},
             "contactHistory": [{"offerId": "lounge-day-pass", "date": "2026-11-20"}]}
            """;

    @Test
    void theExampleOfThePolicyText() {
        // Flight f1 2026-10-01, business, 6765 mi, flown: within the last 365 days.
        // qualifyingMiles 6765 x 1.5 = 10147.5; qualifyingSegments 1; daysSinceLastFlight 2026-10-01 -> 2026-11-22 =
        // 30 (to 31 Oct) + 22 = 52; tenureYears 2019-06-01 -> 2026-11-22 = 7.
        // Tier: 10147.5 < 25000 and 1 < 25: blue; milesToNextTier 25000 - 10147.5 = 14852.5.
        // Segments: enrolled long ago; 1 segment: not frequent-flyer, premium-cabin (needs 2), business-traveller;
        // 52 days: not dormant; segmentsPrior 0: not declining -> [].
        // Churn: 52 days (not > 90) 0, no complaints 0, not declining 0, nps 8 (> 6) 0 -> 0, low.
        // Journey: a flight but no referral and nps 8 < 9: not advocacy; 52 > 14: not post-purchase; trip
        // 2026-12-10 >= today: decision.
        // Service: blue -> standard, 1440, []; churn low.
        // Offers: upgrade-offer needs a tier above blue: no. lounge-day-pass (trip ahead, international, blue) 20 but
        // offered 2026-11-20, within today-7 (2026-11-15) < date <= today: left out. extra-baggage-offer (trip ahead,
        // blue) 8 x 1 = 8. tier-nudge: 14852.5 > 2500: no. birthday-miles: 27 Nov is 5 days ahead: 25 x 1 = 25.
        // No win-back (low), no welcome (not new), no companion (blue). -> birthday-miles 25, extra-baggage-offer 8.
        // Routing: no disruption, intent check-in (not cancel, not complaint), blue, channel app: general-queue.
        assertAnswer(EXAMPLE, """
                {"memberId": "m-1001",
                 "metrics": {"qualifyingMiles": 10147.5, "qualifyingSegments": 1, "daysSinceLastFlight": 52, "tenureYears": 7},
                 "segments": [], "churnRisk": {"score": 0, "level": "low"}, "journeyStage": "decision",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 14852.5},
                 "offers": [{"id": "birthday-miles", "score": 25}, {"id": "extra-baggage-offer", "score": 8}],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "general-queue"}}
                """);
    }

    @Test
    void aGoldBusinessTravellerWithAComplaint() {
        // Counted (last 365 days): f1 Fri 20 Nov business 8000 -> 12000; f2 Mon 16 Nov business 8000 -> 12000;
        // f3 Wed 14 Oct first 6000 -> 12000; f4 Sat 5 Sep economy 4000 -> 4000; f5 Tue 11 Aug premium-economy
        // 4000 -> 5000; f6 Wed 3 Jun business 4000 -> 6000. Not counted: f7 Sat 2025-11-22 (exactly 365 days ago),
        // f8 booked.
        // qualifyingMiles 51000, segments 6, daysSinceLastFlight 2, tenure 2010-01-15 -> 16 years.
        // Tier gold (51000 >= 50000); milesToNextTier 100000 - 51000 = 49000.
        // Segments: premium-cabin (4 of 6 business/first >= half); business-traveller (6 >= 6, weekdays 5 of 6 =
        // 83% >= 60%); segments180d 6, segmentsPrior 0: not declining.
        // Churn: 2 days 0; 1 complaint 15; nps 5 <= 6 15 -> 30, medium.
        // Journey: nps 5, no referral: not advocacy; 2 <= 14: post-purchase.
        // Service: gold -> premium 60 (churn medium: not raised).
        // Offers: trip today, premium-economy, 2 seats, gold: upgrade-offer 50 x 0.9 = 45. lounge (gold): no.
        // extra-baggage (gold): no. tier-nudge 49000 > 10000: no. Birthday 28 Feb: no. -> upgrade-offer 45.
        // Routing: not disrupted; complaint (not cancel); gold: care-team.
        assertAnswer("""
                {"member": {"id": "m-2", "birthDate": "1979-02-28", "enrolledOn": "2010-01-15",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 120000,
                   "flights": [
                     {"id": "f1", "date": "2026-11-20", "cabin": "business", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f2", "date": "2026-11-16", "cabin": "business", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f3", "date": "2026-10-14", "cabin": "first", "distanceMiles": 6000, "status": "flown"},
                     {"id": "f4", "date": "2026-09-05", "cabin": "economy", "distanceMiles": 4000, "status": "flown"},
                     {"id": "f5", "date": "2026-08-11", "cabin": "premium-economy", "distanceMiles": 4000, "status": "flown"},
                     {"id": "f6", "date": "2026-06-03", "cabin": "business", "distanceMiles": 4000, "status": "flown"},
                     {"id": "f7", "date": "2025-11-22", "cabin": "economy", "distanceMiles": 9000, "status": "flown"},
                     {"id": "f8", "date": "2026-12-01", "cabin": "business", "distanceMiles": 5000, "status": "booked"}],
                   "complaintsLast90Days": 1, "searchesLast30Days": 0, "referrals": 0, "npsScore": 5},
                 "trip": {"date": "2026-11-22", "cabin": "premium-economy", "international": true,
                   "upgradeSeatsAvailable": 2, "disrupted": false},
                 "context": {"channel": "call-centre", "intent": "complaint", "now": "2026-11-22T10:00:00Z",
                   "propensities": {"upgrade-offer": 0.9}},
                 "contactHistory": []}
                """, """
                {"memberId": "m-2",
                 "metrics": {"qualifyingMiles": 51000, "qualifyingSegments": 6, "daysSinceLastFlight": 2, "tenureYears": 16},
                 "segments": ["business-traveller", "premium-cabin"], "churnRisk": {"score": 30, "level": "medium"},
                 "journeyStage": "post-purchase", "loyaltyTier": {"tier": "gold", "milesToNextTier": 49000},
                 "offers": [{"id": "upgrade-offer", "score": 45}],
                 "serviceLevel": {"level": "premium", "responseTimeMinutes": 60,
                   "benefits": ["priority-check-in", "priority-boarding", "lounge-access", "extra-baggage"]},
                 "routing": {"queue": "care-team"}}
                """);
    }

    /** A member last flown 455 days ago, with two referrals; with or without consents. */
    private static final String DORMANT = """
            {"member": {"id": "m-3", "birthDate": "1992-02-29", "enrolledOn": "2016-03-01",
               "consents": {"marketing": false, "profiling": false}, "milesBalance": 0,
               "flights": [{"id": "f1", "date": "2024-12-01", "cabin": "economy", "distanceMiles": 3000, "status": "flown"}],
               "complaintsLast90Days": 0, "searchesLast30Days": 5, "referrals": 2},
             "context": {"channel": "chat", "intent": "cancel", "now": "2026-03-01T05:00:00Z", "propensities": {}},
             "contactHistory": []}
            """;

    @Test
    void withoutConsentsNoSegmentsNoChurnRiskAndNoOffers() {
        // today 2026-03-01. f1 2024-12-01 is 455 days ago: not in the last 365 days.
        // qualifyingMiles 0, segments 0, daysSinceLastFlight 455, tenure 2016-03-01 -> 2026-03-01 exactly 10.
        // Tier blue, milesToNextTier 25000. Profiling off: segments [], churnRisk null. Marketing off: offers [].
        // Journey: a flight and 2 referrals: advocacy. Service standard. Routing: cancel but churn null (not high);
        // chat with intent cancel is not chatbot: general-queue.
        assertAnswer(DORMANT, """
                {"memberId": "m-3",
                 "metrics": {"qualifyingMiles": 0, "qualifyingSegments": 0, "daysSinceLastFlight": 455, "tenureYears": 10},
                 "segments": [], "churnRisk": null, "journeyStage": "advocacy",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 25000}, "offers": [],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "general-queue"}}
                """);
    }

    @Test
    void aDormantMemberWithADisruptedPastTrip() {
        // As above, consents given and a disrupted trip of last week.
        // Segments: one flight, 455 > 365: dormant; prior 0: not declining.
        // Churn: 455 > 270: 40 -> 40, medium. Born 29 Feb 1992: in 2026 the birthday is 28 Feb, passed yesterday;
        // the next is 2027-02-28, 364 days ahead: no birthday-miles. Trip in the past: no trip offers. No offers.
        // Routing: trip disrupted (any date, reading), blue: rebooking-queue.
        ObjectNode request = (ObjectNode) read(DORMANT);
        ((ObjectNode) request.path("member").path("consents")).put("marketing", true).put("profiling", true);
        request.set("trip", read("""
                {"date": "2026-02-22", "cabin": "economy", "international": false, "upgradeSeatsAvailable": 0,
                 "disrupted": true}
                """));
        assertAnswer(request, """
                {"memberId": "m-3",
                 "metrics": {"qualifyingMiles": 0, "qualifyingSegments": 0, "daysSinceLastFlight": 455, "tenureYears": 10},
                 "segments": ["dormant"], "churnRisk": {"score": 40, "level": "medium"}, "journeyStage": "advocacy",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 25000}, "offers": [],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "rebooking-queue"}}
                """);
    }

    @Test
    void aPlatinumMemberAtHighChurnRiskWhoWantsToCancel() {
        // All flights in today-365 < date <= today-271: f1 Sun 2025-11-23 first 8000 -> 16000, f2 Wed 10 Dec,
        // f3 Mon 5 Jan, f4 Tue 20 Jan, f5 Sun 1 Feb, f6 Tue 10 Feb (first 8000 -> 16000 each), f7 Tue 24 Feb business
        // 2667 -> 4000.5. qualifyingMiles 6 x 16000 + 4000.5 = 100000.5, segments 7, daysSinceLastFlight 271,
        // tenure 2021-11-22 -> exactly 5.
        // Tier platinum (>= 100000), milesToNextTier null.
        // Segments: premium-cabin (7 of 7); business-traveller (7 >= 6; weekdays Wed, Mon, Tue, Tue, Tue = 5 of 7 =
        // 71%); segments180d 0, segmentsPrior 7: declining (7 >= 4, 0 <= 7); 271 <= 365: not dormant.
        // Churn: 271 > 270: 40; declining 20; nps 10: 0 -> 60, high.
        // Journey: flights and nps 10 >= 9: advocacy. Service: platinum elite; high does not raise elite.
        // Offers: no trip; platinum: no tier-nudge; birthday 25 Nov, 3 days ahead: 25; win-back (high) 35, offered
        // 2026-11-15 = today-7, not within the last 7 days: kept; companion (platinum, tenure 5) 40 x 0.5 = 20.
        // -> win-back-double-miles 35, birthday-miles 25, companion-voucher 20.
        // Routing: no trip; cancel and high: retention-specialists.
        assertAnswer("""
                {"member": {"id": "m-5", "birthDate": "1970-11-25", "enrolledOn": "2021-11-22",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 300000,
                   "flights": [
                     {"id": "f1", "date": "2025-11-23", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f2", "date": "2025-12-10", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f3", "date": "2026-01-05", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f4", "date": "2026-01-20", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f5", "date": "2026-02-01", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f6", "date": "2026-02-10", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f7", "date": "2026-02-24", "cabin": "business", "distanceMiles": 2667, "status": "flown"}],
                   "complaintsLast90Days": 0, "searchesLast30Days": 1, "referrals": 0, "npsScore": 10},
                 "context": {"channel": "app", "intent": "cancel", "now": "2026-11-22T10:00:00Z",
                   "propensities": {"companion-voucher": 0.5}},
                 "contactHistory": [{"offerId": "win-back-double-miles", "date": "2026-11-15"}]}
                """, """
                {"memberId": "m-5",
                 "metrics": {"qualifyingMiles": 100000.5, "qualifyingSegments": 7, "daysSinceLastFlight": 271, "tenureYears": 5},
                 "segments": ["business-traveller", "declining", "premium-cabin"],
                 "churnRisk": {"score": 60, "level": "high"}, "journeyStage": "advocacy",
                 "loyaltyTier": {"tier": "platinum", "milesToNextTier": null},
                 "offers": [{"id": "win-back-double-miles", "score": 35}, {"id": "birthday-miles", "score": 25},
                   {"id": "companion-voucher", "score": 20}],
                 "serviceLevel": {"level": "elite", "responseTimeMinutes": 15,
                   "benefits": ["priority-check-in", "priority-boarding", "lounge-access", "lounge-guest", "extra-baggage", "guaranteed-seat"]},
                 "routing": {"queue": "retention-specialists"}}
                """);
    }

    @Test
    void aNewMemberWithOnlyABookedFlight() {
        // Enrolled 2026-08-25: 89 days before 2026-11-22: new-member. The only flight is booked: no counted flight.
        // qualifyingMiles 0, segments 0, daysSinceLastFlight null, tenure 0. Blue, 25000 to go.
        // Churn: no flights 0, no complaints, no nps -> 0, low.
        // Journey: no flight (a referral does not make advocacy); no last flight; trip 2026-12-05 ahead: decision.
        // Offers: trip ahead, domestic, blue: extra-baggage-offer 8; new-member and no flights: welcome-bonus
        // 10 x 0.5 = 5; born 29 Feb: no birthday. -> extra-baggage-offer 8, welcome-bonus 5.
        // Routing: chat, booking: chatbot.
        assertAnswer("""
                {"member": {"id": "m-6", "birthDate": "2000-02-29", "enrolledOn": "2026-08-25",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 500,
                   "flights": [{"id": "f1", "date": "2026-12-05", "cabin": "economy", "distanceMiles": 1200, "status": "booked"}],
                   "complaintsLast90Days": 0, "searchesLast30Days": 6, "referrals": 1},
                 "trip": {"date": "2026-12-05", "cabin": "economy", "international": false, "upgradeSeatsAvailable": 0,
                   "disrupted": false},
                 "context": {"channel": "chat", "intent": "booking", "now": "2026-11-22T23:59:59Z",
                   "propensities": {"welcome-bonus": 0.5}},
                 "contactHistory": []}
                """, """
                {"memberId": "m-6",
                 "metrics": {"qualifyingMiles": 0, "qualifyingSegments": 0, "daysSinceLastFlight": null, "tenureYears": 0},
                 "segments": ["new-member"], "churnRisk": {"score": 0, "level": "low"}, "journeyStage": "decision",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 25000},
                 "offers": [{"id": "extra-baggage-offer", "score": 8}, {"id": "welcome-bonus", "score": 5}],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "chatbot"}}
                """);
    }

    @Test
    void todayIsTheUtcDateOfNow() {
        // now 2026-11-23T01:30:00+03:00 is 2026-11-22T22:30Z: today 2026-11-22. f1 dated 23 Nov is after today: not
        // counted. f2 8 Nov, economy 500: 14 days ago. Enrolled 2026-08-24: 90 days, not a new member; tenure 0.
        // qualifyingMiles 500, segments 1, blue with 24500 to go. Segments [].
        // Churn: 14 days 0, 2 complaints 30 -> 30, medium. Journey: no referral, no nps; 14 <= 14: post-purchase.
        // Offers: birthday 29 Nov is 7 days ahead: birthday-miles, but offered 2026-11-16 (today-6): left out.
        // Nothing else (no trip, 24500 > 2500). -> []. Routing: complaint: care-team.
        assertAnswer("""
                {"member": {"id": "m-7", "birthDate": "1995-11-29", "enrolledOn": "2026-08-24",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 500,
                   "flights": [
                     {"id": "f1", "date": "2026-11-23", "cabin": "first", "distanceMiles": 9000, "status": "flown"},
                     {"id": "f2", "date": "2026-11-08", "cabin": "economy", "distanceMiles": 500, "status": "flown"}],
                   "complaintsLast90Days": 2, "searchesLast30Days": 0, "referrals": 0},
                 "context": {"channel": "email", "intent": "complaint", "now": "2026-11-23T01:30:00+03:00",
                   "propensities": {}},
                 "contactHistory": [{"offerId": "birthday-miles", "date": "2026-11-16"}]}
                """, """
                {"memberId": "m-7",
                 "metrics": {"qualifyingMiles": 500, "qualifyingSegments": 1, "daysSinceLastFlight": 14, "tenureYears": 0},
                 "segments": [], "churnRisk": {"score": 30, "level": "medium"}, "journeyStage": "post-purchase",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 24500}, "offers": [],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "care-team"}}
                """);
    }

    @Test
    void aSilverMemberExactlyTenPercentFromGold() {
        // Counted: Mon 2 Nov premium-economy 8000 -> 10000; Mon 12 Oct premium-economy 8000 -> 10000; Tue 15 Sep
        // business 8000 -> 12000; Sat 4 Jul first 4000 -> 8000; Wed 1 Apr economy 5000 -> 5000.
        // qualifyingMiles 45000, segments 5, daysSinceLastFlight 20, tenure 2005-07-01 -> 21. Silver, 5000 to go.
        // Segments: premium-cabin 2 of 5 < half: no; business-traveller needs 6: no. segments180d 4, prior 1 (1 Apr):
        // not declining. -> [].
        // Churn: 20 days 0; nps 6 15 -> 15, low. Journey: nps 6, no referral; 20 > 14; trip yesterday: not decision;
        // 3 searches: consideration. Service: silver priority.
        // Offers: trip in the past: none of the trip offers. tier-nudge: 0 < 5000 <= 10% of 50000: 15 x 0.6 = 9.
        // Routing: trip disrupted, silver: rebooking-queue.
        assertAnswer("""
                {"member": {"id": "m-8", "birthDate": "1988-05-05", "enrolledOn": "2005-07-01",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 7,
                   "flights": [
                     {"id": "f1", "date": "2026-11-02", "cabin": "premium-economy", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f2", "date": "2026-10-12", "cabin": "premium-economy", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f3", "date": "2026-09-15", "cabin": "business", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f4", "date": "2026-07-04", "cabin": "first", "distanceMiles": 4000, "status": "flown"},
                     {"id": "f5", "date": "2026-04-01", "cabin": "economy", "distanceMiles": 5000, "status": "flown"}],
                   "complaintsLast90Days": 0, "searchesLast30Days": 3, "referrals": 0, "npsScore": 6},
                 "trip": {"date": "2026-11-21", "cabin": "economy", "international": true, "upgradeSeatsAvailable": 9,
                   "disrupted": true},
                 "context": {"channel": "web", "intent": "browse", "now": "2026-11-22T10:00:00Z",
                   "propensities": {"tier-nudge": 0.6}},
                 "contactHistory": []}
                """, """
                {"memberId": "m-8",
                 "metrics": {"qualifyingMiles": 45000, "qualifyingSegments": 5, "daysSinceLastFlight": 20, "tenureYears": 21},
                 "segments": [], "churnRisk": {"score": 15, "level": "low"}, "journeyStage": "consideration",
                 "loyaltyTier": {"tier": "silver", "milesToNextTier": 5000},
                 "offers": [{"id": "tier-nudge", "score": 9}],
                 "serviceLevel": {"level": "priority", "responseTimeMinutes": 240,
                   "benefits": ["priority-check-in", "extra-baggage"]},
                 "routing": {"queue": "rebooking-queue"}}
                """);
    }

    @Test
    void sixtyPercentWeekdaysAndHalfPremium() {
        // 10 flights, 1000 mi each: weekdays Fri 20 Nov, Wed 18 Nov, Tue 10 Nov, Fri 30 Oct, Mon 19 Oct, Thu 1 Oct;
        // weekends Sat 14 Nov, Sun 1 Nov, Sat 17 Oct, Sun 27 Sep. Business: f1..f5; economy f6..f10.
        // qualifyingMiles 5 x 1500 + 5 x 1000 = 12500, segments 10, daysSinceLastFlight 2, tenure 2021-11-23 ->
        // 2026-11-22: a day short of 5 -> 4. Blue, 12500 to go.
        // Segments: premium-cabin (5 of 10 = half); business-traveller (10 >= 6, 6 of 10 = 60%). -> both.
        // Churn 0, low. Journey: 2 <= 14: post-purchase.
        // Offers: trip 29 Nov, business, international, blue: no upgrade (business, blue); lounge-day-pass 20
        // (offered 15 Nov = today-7: not within the last 7 days, kept); extra-baggage-offer 8; birthday 30 Nov is 8
        // days ahead: no. -> lounge-day-pass 20, extra-baggage-offer 8.
        // Routing: chat, check-in: chatbot.
        assertAnswer("""
                {"member": {"id": "m-9", "birthDate": "1999-11-30", "enrolledOn": "2021-11-23",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 1,
                   "flights": [
                     {"id": "f1", "date": "2026-11-20", "cabin": "business", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f2", "date": "2026-11-18", "cabin": "business", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f3", "date": "2026-11-14", "cabin": "business", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f4", "date": "2026-11-10", "cabin": "business", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f5", "date": "2026-11-01", "cabin": "business", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f6", "date": "2026-10-30", "cabin": "economy", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f7", "date": "2026-10-19", "cabin": "economy", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f8", "date": "2026-10-17", "cabin": "economy", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f9", "date": "2026-10-01", "cabin": "economy", "distanceMiles": 1000, "status": "flown"},
                     {"id": "f10", "date": "2026-09-27", "cabin": "economy", "distanceMiles": 1000, "status": "flown"}],
                   "complaintsLast90Days": 0, "searchesLast30Days": 0, "referrals": 0},
                 "trip": {"date": "2026-11-29", "cabin": "business", "international": true, "upgradeSeatsAvailable": 5,
                   "disrupted": false},
                 "context": {"channel": "chat", "intent": "check-in", "now": "2026-11-22T10:00:00Z", "propensities": {}},
                 "contactHistory": [{"offerId": "lounge-day-pass", "date": "2026-11-15"}]}
                """, """
                {"memberId": "m-9",
                 "metrics": {"qualifyingMiles": 12500, "qualifyingSegments": 10, "daysSinceLastFlight": 2, "tenureYears": 4},
                 "segments": ["business-traveller", "premium-cabin"], "churnRisk": {"score": 0, "level": "low"},
                 "journeyStage": "post-purchase", "loyaltyTier": {"tier": "blue", "milesToNextTier": 12500},
                 "offers": [{"id": "lounge-day-pass", "score": 20}, {"id": "extra-baggage-offer", "score": 8}],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "chatbot"}}
                """);
    }

    @Test
    void aGoldMemberAtHighRiskIsRaisedToEliteAndRebooked() {
        // Counted: Mon 2025-12-01 first 8000 -> 16000; Sat 20 Dec first 8000 -> 16000; Thu 2026-01-15 business
        // 8000 -> 12000; Fri 20 Feb economy 6000 -> 6000. qualifyingMiles 50000 (gold exactly), segments 4,
        // daysSinceLastFlight 275, tenure 2000-01-01 -> 26. milesToNextTier 50000.
        // Segments: premium-cabin 3 of 4; segments180d 0, prior 4: declining. -> [declining, premium-cabin].
        // Churn: 275 > 270: 40; declining 20; nps 7: 0 -> 60, high.
        // Journey: nps 7, no referral; 275; trip today: decision. Service: gold premium raised to elite.
        // Offers: trip today, economy, 1 seat, gold: upgrade-offer 50 x 0.7 = 35; win-back-double-miles 35.
        // Tie at 35: by id, upgrade-offer first.
        // Routing: disrupted, gold: elite-rebooking.
        assertAnswer("""
                {"member": {"id": "m-10", "birthDate": "1960-12-31", "enrolledOn": "2000-01-01",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 0,
                   "flights": [
                     {"id": "f1", "date": "2025-12-01", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f2", "date": "2025-12-20", "cabin": "first", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f3", "date": "2026-01-15", "cabin": "business", "distanceMiles": 8000, "status": "flown"},
                     {"id": "f4", "date": "2026-02-20", "cabin": "economy", "distanceMiles": 6000, "status": "flown"}],
                   "complaintsLast90Days": 0, "searchesLast30Days": 0, "referrals": 0, "npsScore": 7},
                 "trip": {"date": "2026-11-22", "cabin": "economy", "international": true, "upgradeSeatsAvailable": 1,
                   "disrupted": true},
                 "context": {"channel": "airport", "intent": "cancel", "now": "2026-11-22T10:00:00Z",
                   "propensities": {"upgrade-offer": 0.7}},
                 "contactHistory": []}
                """, """
                {"memberId": "m-10",
                 "metrics": {"qualifyingMiles": 50000, "qualifyingSegments": 4, "daysSinceLastFlight": 275, "tenureYears": 26},
                 "segments": ["declining", "premium-cabin"], "churnRisk": {"score": 60, "level": "high"},
                 "journeyStage": "decision", "loyaltyTier": {"tier": "gold", "milesToNextTier": 50000},
                 "offers": [{"id": "upgrade-offer", "score": 35}, {"id": "win-back-double-miles", "score": 35}],
                 "serviceLevel": {"level": "elite", "responseTimeMinutes": 15,
                   "benefits": ["priority-check-in", "priority-boarding", "lounge-access", "lounge-guest", "extra-baggage", "guaranteed-seat"]},
                 "routing": {"queue": "elite-rebooking"}}
                """);
    }

    /** Blue, 23000 qualifying miles, a trip abroad today, birthday today: four offers for three places. */
    private static final String FOUR_OFFERS = """
            {"member": {"id": "m-11", "birthDate": "1980-11-22", "enrolledOn": "2012-06-30",
               "consents": {"marketing": true, "profiling": true}, "milesBalance": 23000,
               "flights": [
                 {"id": "f1", "date": "2026-11-01", "cabin": "economy", "distanceMiles": 8000, "status": "flown"},
                 {"id": "f2", "date": "2026-10-01", "cabin": "economy", "distanceMiles": 8000, "status": "flown"},
                 {"id": "f3", "date": "2026-09-01", "cabin": "economy", "distanceMiles": 7000, "status": "flown"}],
               "complaintsLast90Days": 0, "searchesLast30Days": 0, "referrals": 0},
             "trip": {"date": "2026-11-22", "cabin": "economy", "international": true, "upgradeSeatsAvailable": 3,
               "disrupted": false},
             "context": {"channel": "airport", "intent": "baggage", "now": "2026-11-22T10:00:00Z", "propensities": {}},
             "contactHistory": []}
            """;

    @Test
    void atMostThreeOffersByScore() {
        // qualifyingMiles 23000, segments 3, daysSinceLastFlight 21, tenure 14. Blue, 2000 to go.
        // Segments []; churn 0 low. Journey: 21 > 14; trip today: decision.
        // Offers: lounge-day-pass 20, extra-baggage-offer 8, tier-nudge 15 (0 < 2000 <= 2500), birthday-miles 25
        // (today, 0 days). Top 3: birthday-miles 25, lounge-day-pass 20, tier-nudge 15; extra-baggage-offer left out.
        // Routing: airport, baggage: general-queue.
        assertAnswer(FOUR_OFFERS, """
                {"memberId": "m-11",
                 "metrics": {"qualifyingMiles": 23000, "qualifyingSegments": 3, "daysSinceLastFlight": 21, "tenureYears": 14},
                 "segments": [], "churnRisk": {"score": 0, "level": "low"}, "journeyStage": "decision",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 2000},
                 "offers": [{"id": "birthday-miles", "score": 25}, {"id": "lounge-day-pass", "score": 20},
                   {"id": "tier-nudge", "score": 15}],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "general-queue"}}
                """);
    }

    @Test
    void anOfferMadeInTheLastSevenDaysMakesRoomForAnother() {
        // As above, lounge-day-pass offered today (within the last 7 days: left out) and tier-nudge on 14 Nov
        // (today-8: kept). -> birthday-miles 25, tier-nudge 15, extra-baggage-offer 8.
        ObjectNode request = (ObjectNode) read(FOUR_OFFERS);
        request.set("contactHistory", read("""
                [{"offerId": "lounge-day-pass", "date": "2026-11-22"}, {"offerId": "tier-nudge", "date": "2026-11-14"}]
                """));
        assertThat(offers(request)).isEqualTo("[{\"id\":\"birthday-miles\",\"score\":25},"
                + "{\"id\":\"tier-nudge\",\"score\":15},{\"id\":\"extra-baggage-offer\",\"score\":8}]");
    }

    @Test
    void birthdaysOn29FebruaryCountAs28FebruaryInOtherYears() {
        // Born 1996-02-29, enrolled 2027-01-01 (51 days before 2027-02-21: new member), no flights.
        // today 2027-02-21 (2027 has no 29 Feb): birthday 2027-02-28, 7 days ahead: birthday-miles 25;
        // new-member and no flights: welcome-bonus 10. Journey: no flights, no trip, no searches: awareness.
        String request = """
                {"member": {"id": "m-13", "birthDate": "1996-02-29", "enrolledOn": "2027-01-01",
                   "consents": {"marketing": true, "profiling": true}, "milesBalance": 0, "flights": [],
                   "complaintsLast90Days": 0, "searchesLast30Days": 0, "referrals": 0},
                 "context": {"channel": "web", "intent": "browse", "now": "NOW", "propensities": {}},
                 "contactHistory": []}
                """;
        assertAnswer(request.replace("NOW", "2027-02-21T12:00:00Z"), """
                {"memberId": "m-13",
                 "metrics": {"qualifyingMiles": 0, "qualifyingSegments": 0, "daysSinceLastFlight": null, "tenureYears": 0},
                 "segments": ["new-member"], "churnRisk": {"score": 0, "level": "low"}, "journeyStage": "awareness",
                 "loyaltyTier": {"tier": "blue", "milesToNextTier": 25000},
                 "offers": [{"id": "birthday-miles", "score": 25}, {"id": "welcome-bonus", "score": 10}],
                 "serviceLevel": {"level": "standard", "responseTimeMinutes": 1440, "benefits": []},
                 "routing": {"queue": "general-queue"}}
                """);
        // today 2027-02-20: 28 Feb is 8 days ahead: no birthday-miles.
        assertThat(offers(read(request.replace("NOW", "2027-02-20T12:00:00Z"))))
                .isEqualTo("[{\"id\":\"welcome-bonus\",\"score\":10}]");
        // today 2027-03-01: 28 Feb has passed; the next birthday is 2028-02-29, 365 days ahead.
        assertThat(offers(read(request.replace("NOW", "2027-03-01T12:00:00Z"))))
                .isEqualTo("[{\"id\":\"welcome-bonus\",\"score\":10}]");
        // today 2028-02-22 (a leap year): 29 Feb is 7 days ahead. Enrolled 417 days before: no longer new.
        assertThat(offers(read(request.replace("NOW", "2028-02-22T12:00:00Z"))))
                .isEqualTo("[{\"id\":\"birthday-miles\",\"score\":25}]");
        // today 2028-02-29: the birthday itself, 0 days.
        assertThat(offers(read(request.replace("NOW", "2028-02-29T12:00:00Z"))))
                .isEqualTo("[{\"id\":\"birthday-miles\",\"score\":25}]");
    }

    @Test
    void tenureCountsWholeYears() {
        // Enrolled 2020-02-29: on 2025-02-28 the fifth year is not complete (4); on 2025-03-01 it is (5); on
        // 2024-02-29 exactly 4. Enrolled 2021-11-22, today 2026-11-22: exactly 5; 2021-11-23: 4.
        assertThat(tenure("2020-02-29", "2025-02-28")).isEqualTo(4);
        assertThat(tenure("2020-02-29", "2025-03-01")).isEqualTo(5);
        assertThat(tenure("2020-02-29", "2024-02-29")).isEqualTo(4);
        assertThat(tenure("2021-11-22", "2026-11-22")).isEqualTo(5);
        assertThat(tenure("2021-11-23", "2026-11-22")).isEqualTo(4);
    }

    @Test
    void withoutNowTodayIsTheClocksUtcDate() {
        // The clock says 2026-11-22T23:30Z; the example without context.now decides as on 2026-11-22.
        ObjectNode request = (ObjectNode) read(EXAMPLE);
        ((ObjectNode) request.path("context")).remove("now");
        AirlinePolicy clocked = new AirlinePolicy(Clock.fixed(Instant.parse("2026-11-22T23:30:00Z"), ZoneOffset.UTC));
        assertThat(clocked.decide(request).metrics().daysSinceLastFlight()).isEqualTo(52);
    }

    // ------------------------------------------------------------------------------------------ the generator

    @Test
    void boundaryMembersHaveDistinctNames() {
        List<AirlineMembers.Member> members = AirlineMembers.boundary();
        Set<String> names = new TreeSet<>();
        members.forEach(m -> assertThat(names.add(m.name())).as("duplicate name %s", m.name()).isTrue());
        System.out.println("airline-loyalty boundary members: " + members.size());
    }

    @Test
    void theSameSeedGivesTheSameMembers() {
        assertThat(AirlineMembers.random(7, 20)).isEqualTo(AirlineMembers.random(7, 20));
        assertThat(AirlineMembers.random(7, 20)).isNotEqualTo(AirlineMembers.random(8, 20));
    }

    /**
     * The default run of the differential test (every boundary member and 300 random ones) reaches every outcome of
     * the policy: each tier, segment, churn level, journey stage, offer, service level and queue; otherwise it would
     * compare nothing there.
     */
    @Test
    void theDefaultMembersReachEveryOutcome() {
        List<AirlineMembers.Member> members = new java.util.ArrayList<>(AirlineMembers.boundary());
        members.addAll(AirlineMembers.random(20261122L, 300));
        Map<String, Integer> seen = new TreeMap<>();
        for (AirlineMembers.Member member : members) {
            checkShape(member);
            AirlinePolicy.Answer a = policy.decide(member.request());
            seen.merge("tier " + a.loyaltyTier().tier(), 1, Integer::sum);
            a.segments().forEach(s -> seen.merge("segment " + s, 1, Integer::sum));
            seen.merge("churn " + (a.churnRisk() == null ? "null" : a.churnRisk().level()), 1, Integer::sum);
            seen.merge("journey " + a.journeyStage(), 1, Integer::sum);
            a.offers().forEach(o -> seen.merge("offer " + o.id(), 1, Integer::sum));
            seen.merge("service " + a.serviceLevel().level(), 1, Integer::sum);
            seen.merge("queue " + a.routingQueue(), 1, Integer::sum);
        }
        List<String> outcomes = new java.util.ArrayList<>();
        AirlinePolicy.TIERS.forEach(t -> outcomes.add("tier " + t));
        List.of("new-member", "frequent-flyer", "premium-cabin", "business-traveller", "dormant", "declining")
                .forEach(s -> outcomes.add("segment " + s));
        List.of("null", "low", "medium", "high").forEach(c -> outcomes.add("churn " + c));
        List.of("advocacy", "post-purchase", "decision", "consideration", "awareness").forEach(j -> outcomes.add("journey " + j));
        AirlineMembers.OFFERS.forEach(o -> outcomes.add("offer " + o));
        AirlinePolicy.SERVICE_LEVELS.forEach(l -> outcomes.add("service " + l.level()));
        List.of("elite-rebooking", "rebooking-queue", "retention-specialists", "platinum-line", "care-team", "chatbot",
                "general-queue").forEach(q -> outcomes.add("queue " + q));
        assertThat(seen.keySet()).as("outcomes reached: %s", seen).containsAll(outcomes);
        // The random members alone reach them too, so that a long random run is not just noise.
        Map<String, Integer> randomOnly = new TreeMap<>();
        for (AirlineMembers.Member member : AirlineMembers.random(20261122L, 300)) {
            AirlinePolicy.Answer a = policy.decide(member.request());
            randomOnly.merge("tier " + a.loyaltyTier().tier(), 1, Integer::sum);
            a.segments().forEach(s -> randomOnly.merge("segment " + s, 1, Integer::sum));
            a.offers().forEach(o -> randomOnly.merge("offer " + o.id(), 1, Integer::sum));
            randomOnly.merge("queue " + a.routingQueue(), 1, Integer::sum);
        }
        System.out.println("airline-loyalty outcomes of 300 random members: " + randomOnly);
    }

    /** What the request shape asks of every member: the fields, enums and dates it knows. */
    private static void checkShape(AirlineMembers.Member m) {
        JsonNode r = m.request();
        Set<String> top = new TreeSet<>();
        r.fieldNames().forEachRemaining(top::add);
        assertThat(Set.of("member", "trip", "context", "contactHistory")).as(m.name()).containsAll(top);
        JsonNode member = r.path("member");
        for (String field : List.of("id", "birthDate", "enrolledOn", "consents", "milesBalance", "flights",
                "complaintsLast90Days", "searchesLast30Days", "referrals")) {
            assertThat(member.has(field)).as("%s: member.%s", m.name(), field).isTrue();
        }
        LocalDate.parse(member.path("birthDate").asText());
        LocalDate.parse(member.path("enrolledOn").asText());
        assertThat(member.path("flights").size()).as(m.name()).isLessThanOrEqualTo(150);
        for (JsonNode f : member.path("flights")) {
            LocalDate.parse(f.path("date").asText());
            assertThat(AirlineMembers.CABINS).as(m.name()).contains(f.path("cabin").asText());
            assertThat(List.of("flown", "cancelled", "booked")).as(m.name()).contains(f.path("status").asText());
            assertThat(f.path("distanceMiles").isIntegralNumber()).as(m.name()).isTrue();
        }
        if (r.has("trip")) {
            LocalDate.parse(r.path("trip").path("date").asText());
            assertThat(AirlineMembers.CABINS).contains(r.path("trip").path("cabin").asText());
        }
        assertThat(AirlineMembers.CHANNELS).as(m.name()).contains(r.path("context").path("channel").asText());
        assertThat(AirlineMembers.INTENTS).as(m.name()).contains(r.path("context").path("intent").asText());
        r.path("context").path("propensities").fields().forEachRemaining(e -> {
            assertThat(AirlineMembers.OFFERS).as(m.name()).contains(e.getKey());
            assertThat(e.getValue().decimalValue()).as(m.name()).isBetween(java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE);
        });
        for (JsonNode c : r.path("contactHistory")) {
            assertThat(AirlineMembers.OFFERS).as(m.name()).contains(c.path("offerId").asText());
            LocalDate.parse(c.path("date").asText());
        }
        JsonNode nps = r.path("member").path("npsScore");
        if (!nps.isMissingNode()) {
            assertThat(nps.intValue()).as(m.name()).isBetween(0, 10);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void assertAnswer(String request, String expected) {
        assertAnswer(read(request), expected);
    }

    private void assertAnswer(JsonNode request, String expected) {
        JsonNode actual = policy.decide(request).toJson();
        List<String> differences = AnswerDiff.of(read(expected), actual);
        if (!differences.isEmpty()) {
            fail("the reference answers otherwise than worked out by hand:\n  - " + String.join("\n  - ", differences)
                    + "\nanswer:\n" + AirlineDifferentialTest.pretty(actual));
        }
    }

    private String offers(JsonNode request) {
        return policy.decide(request).toJson().path("offers").toString();
    }

    private int tenure(String enrolledOn, String today) {
        ObjectNode request = (ObjectNode) read(EXAMPLE);
        ((ObjectNode) request.path("member")).put("enrolledOn", enrolledOn);
        ((ObjectNode) request.path("context")).put("now", today + "T12:00:00Z");
        return policy.decide(request).metrics().tenureYears();
    }

    private static JsonNode read(String json) {
        try {
            return AirlineDifferentialTest.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
