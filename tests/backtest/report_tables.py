"""The report's tables as printed, transcribed separately from data/.

Blank cells in the report are ``None``; ``Grand Total`` rows and columns are
kept so that margins are checked too. These are the ground truth the
back-tests compare the code's output with.
"""

GROUPS = [
    "Learning Disability Support",
    "Memory & Cognition Support",
    "Mental Health Support",
    "Phy Support: Access & Mobility",
    "Physical Support: Personal Care",
    "Sensory Support: Visual",
    "Sensory Support: Dual",
]
BANDS = [
    "1) Under £100",
    "2) £100-199",
    "3) £200-299",
    "4) £300-399",
    "5) £400-499",
    "6) £500-599",
    "7) £600-999",
    "8) £1000+",
]

# Appendix A overall table and Table 4 (identical in the report).
# Columns: the seven groups in the order above, then Grand Total.
OVERALL = {
    "1) Under £100": [13, 1, 4, 3, 28, 6, 1, 56],
    "2) £100-199": [17, None, 6, 2, 63, 2, None, 90],
    "3) £200-299": [13, 3, 4, 3, 47, 2, 1, 73],
    "4) £300-399": [18, 1, 1, 1, 17, 1, None, 39],
    "5) £400-499": [6, 1, None, None, 6, 1, None, 14],
    "6) £500-599": [1, None, 1, None, 6, None, None, 8],
    "7) £600-999": [8, 1, None, None, 14, None, None, 23],
    "8) £1000+": [2, None, 1, None, 2, None, None, 5],
    "Grand Total": [78, 7, 17, 9, 183, 12, 2, 308],
}

# The age tables print only the groups with someone in them.
AGE_18_39_GROUPS = [GROUPS[i] for i in (0, 2, 3, 4, 5, 6)]
AGE_18_39 = {
    "1) Under £100": [12, 1, 1, 3, None, 1, 18],
    "2) £100-199": [11, 1, 1, 4, None, None, 17],
    "3) £200-299": [10, 1, 1, 8, 2, None, 22],
    "4) £300-399": [12, 1, None, 1, 1, None, 15],
    "5) £400-499": [5, None, None, 4, None, None, 9],
    "6) £500-599": [1, None, None, None, None, None, 1],
    "7) £600-999": [8, None, None, 5, None, None, 13],
    "8) £1000+": [1, None, None, 1, None, None, 2],
    "Grand Total": [60, 4, 3, 26, 3, 1, 97],
}
AGE_40_64_GROUPS = GROUPS
AGE_40_64 = {
    "1) Under £100": [1, None, 2, 1, 15, 3, None, 22],
    "2) £100-199": [6, None, 3, 1, 32, 2, None, 44],
    "3) £200-299": [3, 1, 3, 1, 25, None, 1, 34],
    "4) £300-399": [2, None, None, None, 8, None, None, 10],
    "5) £400-499": [1, None, None, None, 1, 1, None, 3],
    "6) £500-599": [None, None, 1, None, 3, None, None, 4],
    "7) £600-999": [None, None, None, None, 5, None, None, 5],
    "8) £1000+": [1, None, 1, None, 1, None, None, 3],
    "Grand Total": [14, 1, 10, 3, 90, 6, 1, 125],
}
# 65+: no Sensory Support: Dual column and no band 8 row.
AGE_65_GROUPS = GROUPS[:6]
AGE_65 = {
    "1) Under £100": [None, 1, 1, 1, 10, 3, 16],
    "2) £100-199": [None, None, 2, None, 27, None, 29],
    "3) £200-299": [None, 2, None, 1, 14, None, 17],
    "4) £300-399": [4, 1, None, 1, 8, None, 14],
    "5) £400-499": [None, 1, None, None, 1, None, 2],
    "6) £500-599": [None, None, None, None, 3, None, 3],
    "7) £600-999": [None, 1, None, None, 4, None, 5],
    "Grand Total": [4, 6, 3, 3, 67, 3, 86],
}
AGE_TABLE = {"18-39": (97, "31%"), "40-64": (125, "41%"), "65+": (86, "28%")}

# Table 3: tier -> (hours cap, fixed fee).
TABLE_3 = {"low": (5, 100), "medium": (10, 180), "high": (18, 320)}

# Table 5: band -> (SPB tier, number, cost per person, SPB total, hourly cost,
# hours, ASC cost per person, variance per person, ASC total, variance total).
TABLE_5 = {
    "1) Under £100": ("low", 56, 100, 5600, 20, 5, 100, 0, 5600, 0),
    "2) £100-199": ("low", 90, 100, 9000, 20, 5, 100, 0, 9000, 0),
    "3) £200-299": ("medium", 73, 180, 13140, 20, 10, 200, -20, 14600, -1460),
    "4) £300-399": ("medium", 39, 180, 7020, 20, 10, 200, -20, 7800, -780),
    "5) £400-499": ("medium", 14, 180, 2520, 20, 10, 200, -20, 2800, -280),
    "6) £500-599": ("medium", 8, 180, 1440, 20, 10, 200, -20, 1600, -160),
    "7) £600-999": ("high", 23, 320, 7360, 20, 18, 360, -40, 8280, -920),
    "8) £1000+": ("high", 5, 320, 1600, 20, 18, 360, -40, 1800, -200),
}
TABLE_5_TOTALS = {
    "number": 308,
    "cost_per_person": 1560,
    "spb_total": 47680,
    "asc_total": 51480,
    "variance_total": -3800,
}

# Table 2: service area -> (funding source, estimated cost per annum or None).
TABLE_2 = {
    "AIG": ("ICU commissioning budget", 15000),
    "Training – developing the programme": ("SCC L&D resources", 3000),
    "Training – delivering the programme": ("SCC L&D resources", 3200),
    "SPB system": ("TBC", None),
    "SPB services": (
        "Care Management budget (possibly Better Care Fund in 1st year)",
        47680,
    ),
    "PA System": ("TBC", 10000),
    "PA costs": ("Care Management budget", None),
    "PA employment support": ("ICU commissioning budget", None),
    "Core service": ("ICU commissioning budget", 130935),
}
COST_PRESSURES = {
    "SPB service": 50000,
    "Training costs": 6200,
    "ICU shortfall": 36000,
    "SPB online system": 10000,
    "PA Online System": 10000,
    "Provision of AIG": 15000,
}
COST_PRESSURE_TOTAL = 127200

# Table 6: line -> cost.
TABLE_6 = [85500, 16000, 29435, 130935]
