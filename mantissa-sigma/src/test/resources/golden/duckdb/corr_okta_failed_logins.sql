SELECT time_bucket(to_seconds(600), "time") AS "window_start", COALESCE(json_extract_string(json_value("raw", '$."actor.alternateId"'), '$'), json_extract_string(json_value("raw", '$.actor.alternateId'), '$')) AS "actor.alternateId", COUNT(*) AS "event_count"
FROM "okta"
WHERE json_extract_string(json_value("raw", '$.eventType'), '$') IS NOT NULL AND LOWER(json_extract_string(json_value("raw", '$.eventType'), '$')) = 'user.session.start' AND COALESCE(json_extract_string(json_value("raw", '$."outcome.result"'), '$'), json_extract_string(json_value("raw", '$.outcome.result'), '$')) IS NOT NULL AND LOWER(COALESCE(json_extract_string(json_value("raw", '$."outcome.result"'), '$'), json_extract_string(json_value("raw", '$.outcome.result'), '$'))) = 'failure'
GROUP BY time_bucket(to_seconds(600), "time"), COALESCE(json_extract_string(json_value("raw", '$."actor.alternateId"'), '$'), json_extract_string(json_value("raw", '$.actor.alternateId'), '$'))
HAVING COUNT(*) >= 5
