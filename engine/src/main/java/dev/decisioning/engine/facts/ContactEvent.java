package dev.decisioning.engine.facts;

import java.time.LocalDate;

/** An offer that was already made to the customer, and when. */
public class ContactEvent {
    private String offerId;
    private LocalDate date;

    public ContactEvent() {
    }

    public ContactEvent(String offerId, LocalDate date) {
        this.offerId = offerId;
        this.date = date;
    }

    public String getOfferId() { return offerId; }
    public void setOfferId(String offerId) { this.offerId = offerId; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
}
