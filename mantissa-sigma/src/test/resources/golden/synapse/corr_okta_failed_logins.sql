SELECT DATEADD(second, (DATEDIFF_BIG(second, '1970-01-01', [time]) / 600) * 600, '1970-01-01') AS [window_start], COALESCE(JSON_VALUE([raw], '$."actor.alternateId"'), JSON_VALUE([raw], '$.actor.alternateId')) AS [actor.alternateId], COUNT(*) AS [event_count]
FROM [okta]
WHERE JSON_VALUE([raw], '$.eventType') IS NOT NULL AND CONCAT(LOWER(JSON_VALUE([raw], '$.eventType')), '|') LIKE 'user.session.start|' ESCAPE '\' AND COALESCE(JSON_VALUE([raw], '$."outcome.result"'), JSON_VALUE([raw], '$.outcome.result')) IS NOT NULL AND CONCAT(LOWER(COALESCE(JSON_VALUE([raw], '$."outcome.result"'), JSON_VALUE([raw], '$.outcome.result'))), '|') LIKE 'failure|' ESCAPE '\'
GROUP BY DATEADD(second, (DATEDIFF_BIG(second, '1970-01-01', [time]) / 600) * 600, '1970-01-01'), COALESCE(JSON_VALUE([raw], '$."actor.alternateId"'), JSON_VALUE([raw], '$.actor.alternateId'))
HAVING COUNT(*) >= 5
