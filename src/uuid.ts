const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from a client can be a stored row's id: anything else is answered as not found, never sent to SQL. */
export const isUuid = (id: string) => UUID.test(id);
