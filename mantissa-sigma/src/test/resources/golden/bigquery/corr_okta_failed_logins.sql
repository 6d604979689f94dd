SELECT TIMESTAMP_SECONDS(DIV(UNIX_SECONDS(time), 600) * 600) AS window_start, COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), JSON_VALUE(raw, '$.actor.alternateId')) AS `actor.alternateId`, COUNT(*) AS event_count
FROM okta
WHERE JSON_VALUE(raw, '$.eventType') IS NOT NULL AND LOWER(JSON_VALUE(raw, '$.eventType')) = 'user.session.start' AND COALESCE(JSON_VALUE(raw, '$."outcome.result"'), JSON_VALUE(raw, '$.outcome.result')) IS NOT NULL AND LOWER(COALESCE(JSON_VALUE(raw, '$."outcome.result"'), JSON_VALUE(raw, '$.outcome.result'))) = 'failure'
GROUP BY TIMESTAMP_SECONDS(DIV(UNIX_SECONDS(time), 600) * 600), COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), JSON_VALUE(raw, '$.actor.alternateId'))
HAVING event_count >= 5
