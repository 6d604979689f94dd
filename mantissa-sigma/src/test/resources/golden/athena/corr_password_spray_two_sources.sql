SELECT "window_start", "src_ip", COUNT(DISTINCT "counted_value") AS "value_count"
FROM (SELECT from_unixtime(floor(to_unixtime("time") / 3600) * 3600) AS "window_start", COALESCE(json_extract_scalar("raw", '$["client.ipAddress"]'), json_extract_scalar("raw", '$.client.ipAddress')) AS "src_ip", json_extract_scalar("raw", '$.user') AS "counted_value"
FROM "okta"
WHERE (COALESCE(json_extract_scalar("raw", '$["outcome.result"]'), json_extract_scalar("raw", '$.outcome.result'))) IS NOT NULL AND LOWER(COALESCE(json_extract_scalar("raw", '$["outcome.result"]'), json_extract_scalar("raw", '$.outcome.result'))) = 'failure'
UNION ALL
SELECT from_unixtime(floor(to_unixtime("time") / 3600) * 3600) AS "window_start", json_extract_scalar("raw", '$.IPAddress') AS "src_ip", json_extract_scalar("raw", '$.user') AS "counted_value"
FROM "entra_signin"
WHERE NOT ((json_extract_scalar("raw", '$.ResultType')) IS NOT NULL  AND (((CASE WHEN regexp_like(json_extract_scalar("raw", '$.ResultType'), '^\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*$') THEN TRY_CAST(trim(json_extract_scalar("raw", '$.ResultType')) AS DOUBLE) END)) IS NOT NULL  AND (CASE WHEN regexp_like(json_extract_scalar("raw", '$.ResultType'), '^\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*$') THEN TRY_CAST(trim(json_extract_scalar("raw", '$.ResultType')) AS DOUBLE) END) = 0 OR LOWER(json_extract_scalar("raw", '$.ResultType')) = '0'))) AS "t3"
GROUP BY "window_start", "src_ip"
HAVING COUNT(DISTINCT "counted_value") > 10 AND COUNT(DISTINCT "counted_value") < 1000
