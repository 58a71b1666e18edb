// msgpackr requires this module inside try/catch and uses its pure-JavaScript decoder when it throws.
throw new Error('msgpackr-extract is not installed in this project');
