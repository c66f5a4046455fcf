package dev.decisioning.engine.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What the caller knows about one customer: profile, balances, behaviour and order history. */
public class Customer {
    private String id;
    private LocalDate birthDate;
    private LocalDate signupDate;
    private boolean marketingConsent;
    private BigDecimal pointsBalance = BigDecimal.ZERO;
    private List<Order> orders = new ArrayList<>();
    private int sessionsLast30Days;
    private int cartItems;
    private int referrals;
    private Integer npsScore;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public LocalDate getBirthDate() { return birthDate; }
    public void setBirthDate(LocalDate birthDate) { this.birthDate = birthDate; }
    public LocalDate getSignupDate() { return signupDate; }
    public void setSignupDate(LocalDate signupDate) { this.signupDate = signupDate; }
    public boolean isMarketingConsent() { return marketingConsent; }
    public void setMarketingConsent(boolean marketingConsent) { this.marketingConsent = marketingConsent; }
    public BigDecimal getPointsBalance() { return pointsBalance; }
    public void setPointsBalance(BigDecimal pointsBalance) { this.pointsBalance = pointsBalance; }
    public List<Order> getOrders() { return orders; }
    public void setOrders(List<Order> orders) { this.orders = orders == null ? new ArrayList<>() : orders; }
    public int getSessionsLast30Days() { return sessionsLast30Days; }
    public void setSessionsLast30Days(int sessionsLast30Days) { this.sessionsLast30Days = sessionsLast30Days; }
    public int getCartItems() { return cartItems; }
    public void setCartItems(int cartItems) { this.cartItems = cartItems; }
    public int getReferrals() { return referrals; }
    public void setReferrals(int referrals) { this.referrals = referrals; }
    public Integer getNpsScore() { return npsScore; }
    public void setNpsScore(Integer npsScore) { this.npsScore = npsScore; }
}
