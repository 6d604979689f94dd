SELECT [window_start], [src_ip], COUNT(DISTINCT [counted_value]) AS [value_count]
FROM (SELECT DATEADD(second, (DATEDIFF_BIG(second, '1970-01-01', [time]) / 3600) * 3600, '1970-01-01') AS [window_start], COALESCE(JSON_VALUE([raw], '$."client.ipAddress"'), JSON_VALUE([raw], '$.client.ipAddress')) AS [src_ip], JSON_VALUE([raw], '$.user') AS [counted_value]
FROM [okta]
WHERE COALESCE(JSON_VALUE([raw], '$."outcome.result"'), JSON_VALUE([raw], '$.outcome.result')) IS NOT NULL AND CONCAT(LOWER(COALESCE(JSON_VALUE([raw], '$."outcome.result"'), JSON_VALUE([raw], '$.outcome.result'))), '|') LIKE 'failure|' ESCAPE '\'
UNION ALL
SELECT DATEADD(second, (DATEDIFF_BIG(second, '1970-01-01', [time]) / 3600) * 3600, '1970-01-01') AS [window_start], JSON_VALUE([raw], '$.IPAddress') AS [src_ip], JSON_VALUE([raw], '$.user') AS [counted_value]
FROM [entra_signin]
WHERE NOT (JSON_VALUE([raw], '$.ResultType') IS NOT NULL AND (TRY_CAST(JSON_VALUE([raw], '$.ResultType') AS FLOAT) IS NOT NULL AND TRY_CAST(JSON_VALUE([raw], '$.ResultType') AS FLOAT) = 0 OR CONCAT(LOWER(JSON_VALUE([raw], '$.ResultType')), '|') LIKE '0|' ESCAPE '\'))) AS [t3]
GROUP BY [window_start], [src_ip]
HAVING COUNT(DISTINCT [counted_value]) > 10 AND COUNT(DISTINCT [counted_value]) < 1000
