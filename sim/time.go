package sim

// Units of working time, in hours.
const (
	Minute = 1.0 / 60  // one working minute
	Hour   = 1.0       // one working hour
	Day    = 8 * Hour  // one working day: 8 hours
	Week   = 5 * Day   // one working week: 5 days, 40 hours
	Year   = 50 * Week // one working year: 50 weeks, 2,000 hours
)
