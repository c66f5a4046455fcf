package dev.decisioning.engine.facts;

import java.util.ArrayList;
import java.util.List;

/** One call for a customer decision: the customer, the moment, and what was offered before. */
public class DecisionRequest {
    private Customer customer;
    private DecisionContext context = new DecisionContext();
    private List<ContactEvent> contactHistory = new ArrayList<>();

    public Customer getCustomer() { return customer; }
    public void setCustomer(Customer customer) { this.customer = customer; }
    public DecisionContext getContext() { return context; }
    public void setContext(DecisionContext context) { this.context = context == null ? new DecisionContext() : context; }
    public List<ContactEvent> getContactHistory() { return contactHistory; }
    public void setContactHistory(List<ContactEvent> contactHistory) {
        this.contactHistory = contactHistory == null ? new ArrayList<>() : contactHistory;
    }
}
