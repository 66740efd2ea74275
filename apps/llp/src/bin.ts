console.log("llp")
