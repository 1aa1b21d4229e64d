// How long a job ran, in words: `4.2 s`, `3 min 5 s`, `2 h 10 min`, halves rounded up.
// web/admin_jobs.py words it the same way for the rows it draws (a test runs both on the
// same figures).

/** The words for `seconds` ("" for null or undefined). */
export function durationText(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 59.95) return `${(Math.floor(seconds * 10 + 0.5) / 10).toFixed(1)} s`;
  const total = Math.floor(seconds + 0.5);
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${total % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
