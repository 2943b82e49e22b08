# The R side of bench/detection.bench.ts: times R surveillance 1.20.3 on the same series with the
# same parameters. Arguments: the series file (one row per week, one column per county, no header)
# and how many of the series to run Farrington on (it is slow in R; the bench extrapolates).
# Prints one line per method: name, seconds, series timed, alarms raised.
suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
observed <- as.matrix(read.csv(args[1], header = FALSE))
farrington_series <- as.integer(args[2])
weeks <- nrow(observed)
counties <- ncol(observed)
all_series <- sts(observed = observed, start = c(2021, 1), frequency = 52)
sample_series <- all_series[, seq_len(farrington_series)]
timed <- function(name, n, run) {
  start <- proc.time()[["elapsed"]]
  alarms <- run()
  cat(name, proc.time()[["elapsed"]] - start, n, alarms, "\n")
}
for (method in c("C1", "C2", "C3")) {
  timed(paste0("ears", method), counties, function() {
    sum(alarms(earsC(all_series, control = list(method = method, baseline = 7))), na.rm = TRUE)
  })
}
cusum_range <- 157:weeks
disprogs <- lapply(seq_len(counties), function(j) create.disProg(week = seq_len(weeks), observed = observed[, j], state = rep(0, weeks), freq = 52))
timed("cusum", counties, function() {
  total <- 0
  for (d in disprogs) total <- total + sum(algo.cusum(d, control = list(range = cusum_range, k = 1.04, h = 2.26, trans = "standard"))$alarm)
  total
})
farrington_range <- 209:weeks
timed("farringtonOriginal", farrington_series, function() {
  sum(alarms(farringtonFlexible(sample_series, control = list(range = farrington_range, b = 3, w = 3, glmWarnings = FALSE))), na.rm = TRUE)
})
timed("farringtonNoufaily", farrington_series, function() {
  sum(alarms(farringtonFlexible(sample_series, control = list(range = farrington_range, b = 3, w = 3, noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin", pThresholdTrend = 1, glmWarnings = FALSE))), na.rm = TRUE)
})
