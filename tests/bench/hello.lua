-- wrk script: the same POST shape as the progress benchmark, to the hello-world app.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"position": 15.0, "events": []}'
