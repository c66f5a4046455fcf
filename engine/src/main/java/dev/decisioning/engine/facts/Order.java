package dev.decisioning.engine.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One past order of a customer, as rules see it. */
public class Order {
    private String id;
    private LocalDate date;
    private BigDecimal amount;
    private boolean couponUsed;

    public Order() {
    }

    public Order(String id, LocalDate date, BigDecimal amount, boolean couponUsed) {
        this.id = id;
        this.date = date;
        this.amount = amount;
        this.couponUsed = couponUsed;
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public BigDecimal getAmount() { return amount; }
    public void setAmount(BigDecimal amount) { this.amount = amount; }
    public boolean isCouponUsed() { return couponUsed; }
    public void setCouponUsed(boolean couponUsed) { this.couponUsed = couponUsed; }
}
