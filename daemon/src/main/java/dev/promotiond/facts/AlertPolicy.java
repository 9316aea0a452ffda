package dev.promotiond.facts;

/**
 * The policy's settings that belong to no component, one fact per evaluation.
 *
 * @param sourceDownFor a data source must be down this long before PromotionDataSourceDown fires
 */
public record AlertPolicy(Threshold sourceDownFor) {
}
