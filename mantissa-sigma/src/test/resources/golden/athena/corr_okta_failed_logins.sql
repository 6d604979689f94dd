SELECT from_unixtime(floor(to_unixtime("time") / 600) * 600) AS "window_start", COALESCE(json_extract_scalar("raw", '$["actor.alternateId"]'), json_extract_scalar("raw", '$.actor.alternateId')) AS "actor.alternateId", COUNT(*) AS "event_count"
FROM "okta"
WHERE (json_extract_scalar("raw", '$.eventType')) IS NOT NULL AND LOWER(json_extract_scalar("raw", '$.eventType')) = 'user.session.start' AND (COALESCE(json_extract_scalar("raw", '$["outcome.result"]'), json_extract_scalar("raw", '$.outcome.result'))) IS NOT NULL AND LOWER(COALESCE(json_extract_scalar("raw", '$["outcome.result"]'), json_extract_scalar("raw", '$.outcome.result'))) = 'failure'
GROUP BY from_unixtime(floor(to_unixtime("time") / 600) * 600), COALESCE(json_extract_scalar("raw", '$["actor.alternateId"]'), json_extract_scalar("raw", '$.actor.alternateId'))
HAVING COUNT(*) >= 5
