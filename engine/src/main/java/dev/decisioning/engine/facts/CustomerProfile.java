package dev.decisioning.engine.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The metrics rules derive for one customer. Rules fill it in; Java only reads it back.
 * The policy date is carried here so that every rule counts windows from the same day.
 */
public class CustomerProfile {
    private final LocalDate today;
    private BigDecimal spend12m = BigDecimal.ZERO;
    private int orders90d;
    private int orderCount;
    private Integer daysSinceLastOrder;
    private int tenureMonths;
    private BigDecimal couponShare = BigDecimal.ZERO;
    private Integer daysToNextBirthday;

    public CustomerProfile(LocalDate today) {
        this.today = today;
    }

    public LocalDate getToday() { return today; }
    public BigDecimal getSpend12m() { return spend12m; }
    public void setSpend12m(BigDecimal spend12m) { this.spend12m = spend12m; }
    public int getOrders90d() { return orders90d; }
    public void setOrders90d(int orders90d) { this.orders90d = orders90d; }
    public int getOrderCount() { return orderCount; }
    public void setOrderCount(int orderCount) { this.orderCount = orderCount; }
    public Integer getDaysSinceLastOrder() { return daysSinceLastOrder; }
    public void setDaysSinceLastOrder(Integer daysSinceLastOrder) { this.daysSinceLastOrder = daysSinceLastOrder; }
    public int getTenureMonths() { return tenureMonths; }
    public void setTenureMonths(int tenureMonths) { this.tenureMonths = tenureMonths; }
    public BigDecimal getCouponShare() { return couponShare; }
    public void setCouponShare(BigDecimal couponShare) { this.couponShare = couponShare; }
    public Integer getDaysToNextBirthday() { return daysToNextBirthday; }
    public void setDaysToNextBirthday(Integer daysToNextBirthday) { this.daysToNextBirthday = daysToNextBirthday; }
}
