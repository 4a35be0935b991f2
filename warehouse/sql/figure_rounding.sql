-- How precisely a figure is written: half a unit of its last significant digit, at most of its second one
-- ("270 million" is 265-275; "1.6 billion" 1.55-1.65), as a share of the figure. An outlet converting a figure
-- into its own currency rounds it so.
CREATE OR REPLACE TEMP MACRO rounding_of(figure) AS
    CASE WHEN figure > 0 AND figure = trunc(figure) THEN
        10 ** least(
            length(CAST(CAST(figure AS HUGEINT) AS VARCHAR))
                - length(rtrim(CAST(CAST(figure AS HUGEINT) AS VARCHAR), '0')),
            length(CAST(CAST(figure AS HUGEINT) AS VARCHAR)) - 2
        ) / 2 / figure
    ELSE 0 END;
