/** Errors every storage backend raises, so callers can map them to API statuses. */
export class StorageError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class KeyExistsError extends StorageError {
  constructor(readonly key: string) {
    super(`key already exists: ${key}`, "KeyExists");
  }
}

export class NotFoundError extends StorageError {
  constructor(readonly key: string) {
    super(`key not found: ${key}`, "NotFound");
  }
}

export class ConflictError extends StorageError {
  constructor(readonly key: string, readonly expected: number, readonly actual: number) {
    super(`conflict on ${key}: expected modRevision ${expected}, found ${actual}`, "Conflict");
  }
}

export class CompactedError extends StorageError {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`required revision ${requested} has been compacted (compacted up to ${compacted})`, "Compacted");
  }
}

export class FutureRevisionError extends StorageError {
  constructor(readonly requested: number, readonly current: number) {
    super(`required revision ${requested} is a future revision (current ${current})`, "FutureRevision");
  }
}

export class ValueTooLargeError extends StorageError {
  constructor(readonly key: string, readonly size: number, readonly limit: number) {
    super(`value for ${key} is ${size} bytes, over the ${limit} byte limit`, "ValueTooLarge");
  }
}

export class StoreCorruptError extends StorageError {
  constructor(message: string) {
    super(message, "Corrupt");
  }
}

export class StoreClosedError extends StorageError {
  constructor() {
    super("store is closed", "Closed");
  }
}
