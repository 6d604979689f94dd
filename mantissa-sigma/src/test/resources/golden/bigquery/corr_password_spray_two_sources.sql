SELECT window_start, src_ip, COUNT(DISTINCT counted_value) AS value_count
FROM (SELECT TIMESTAMP_SECONDS(DIV(UNIX_SECONDS(time), 3600) * 3600) AS window_start, COALESCE(JSON_VALUE(raw, '$."client.ipAddress"'), JSON_VALUE(raw, '$.client.ipAddress')) AS src_ip, JSON_VALUE(raw, '$.user') AS counted_value
FROM okta
WHERE COALESCE(JSON_VALUE(raw, '$."outcome.result"'), JSON_VALUE(raw, '$.outcome.result')) IS NOT NULL AND LOWER(COALESCE(JSON_VALUE(raw, '$."outcome.result"'), JSON_VALUE(raw, '$.outcome.result'))) = 'failure'
UNION ALL
SELECT TIMESTAMP_SECONDS(DIV(UNIX_SECONDS(time), 3600) * 3600) AS window_start, JSON_VALUE(raw, '$.IPAddress') AS src_ip, JSON_VALUE(raw, '$.user') AS counted_value
FROM entra_signin
WHERE NOT (JSON_VALUE(raw, '$.ResultType') IS NOT NULL AND ((CASE WHEN REGEXP_CONTAINS(JSON_VALUE(raw, '$.ResultType'), r'^\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*$') THEN SAFE_CAST(TRIM(JSON_VALUE(raw, '$.ResultType')) AS FLOAT64) END) IS NOT NULL AND (CASE WHEN REGEXP_CONTAINS(JSON_VALUE(raw, '$.ResultType'), r'^\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*$') THEN SAFE_CAST(TRIM(JSON_VALUE(raw, '$.ResultType')) AS FLOAT64) END) = 0 OR LOWER(JSON_VALUE(raw, '$.ResultType')) = '0'))) AS t3
GROUP BY window_start, src_ip
HAVING value_count > 10 AND value_count < 1000
